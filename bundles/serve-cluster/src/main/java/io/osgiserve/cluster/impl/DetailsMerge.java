package io.osgiserve.cluster.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster's details and status documents from each live node's own: every node's replicas under
 * their deployment, each node as a proxy keyed by its node id, a deployment's status the worst any node
 * reports for it (a deployment the leader could not place in full is UPDATING with the reason). Plain
 * maps in, plain maps out.
 */
final class DetailsMerge {
    private static final List<String> DEPLOYMENT_ORDER = List.of("HEALTHY", "UPSCALING", "DOWNSCALING", "UPDATING", "UNHEALTHY",
            "DEPLOY_FAILED");
    private static final List<String> APP_ORDER = List.of("RUNNING", "NOT_STARTED", "DEPLOYING", "UNHEALTHY", "DEPLOY_FAILED");

    private DetailsMerge() {
    }

    /**
     * @param base this node's own details (the shape and the goal's parts come from it)
     * @param entries each live node's published entry, by node id
     * @param pending the leader's reasons for replicas it could not place, by {@code app/deployment}
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> applications(Map<String, Object> base, Map<String, Map<String, Object>> entries,
                                            Map<String, String> pending) {
        Map<String, Object> out = deepCopy(base);
        if (!(out.get("applications") instanceof Map<?, ?> apps) || apps.isEmpty()) {
            return out;
        }
        Map<String, Object> proxies = new LinkedHashMap<>();
        for (Map<String, Object> entry : entries.values()) {
            if (entry.get("applications") instanceof Map<?, ?> theirs && theirs.get("proxies") instanceof Map<?, ?> p) {
                proxies.putAll((Map<String, Object>) p);
            }
        }
        if (!proxies.isEmpty()) {
            out.put("proxies", proxies);
        }
        ((Map<String, Object>) apps).forEach((appName, a) -> {
            Map<String, Object> app = (Map<String, Object>) a;
            Map<String, Object> deployments = (Map<String, Object>) app.getOrDefault("deployments", Map.of());
            String appStatus = "RUNNING";
            String appMessage = "";
            for (Map.Entry<String, Object> d : deployments.entrySet()) {
                Map<String, Object> dep = (Map<String, Object>) d.getValue();
                List<Object> replicas = new ArrayList<>();
                int target = 0;
                String status = "HEALTHY";
                String message = "";
                for (Map.Entry<String, Map<String, Object>> e : entries.entrySet()) {
                    Map<String, Object> theirs = deployment(e.getValue().get("applications"), appName, d.getKey());
                    if (theirs == null) {
                        continue;
                    }
                    replicas.addAll((List<Object>) theirs.getOrDefault("replicas", List.of()));
                    target += theirs.get("target_num_replicas") instanceof Number n ? n.intValue() : 0;
                    String s = String.valueOf(theirs.get("status"));
                    if (rank(DEPLOYMENT_ORDER, s) > rank(DEPLOYMENT_ORDER, status)) {
                        status = s;
                        message = e.getKey() + ": " + theirs.getOrDefault("message", "");
                    }
                }
                String why = pending.get(appName + "/" + d.getKey());
                if (why != null) {
                    if (rank(DEPLOYMENT_ORDER, "UPDATING") > rank(DEPLOYMENT_ORDER, status)) {
                        status = "UPDATING";
                    }
                    message = why;
                }
                dep.put("replicas", replicas);
                dep.put("target_num_replicas", target);
                dep.put("status", status);
                dep.put("message", message);
                if (!"HEALTHY".equals(status) && appMessage.isEmpty()) {
                    appMessage = d.getKey() + ": " + message;
                }
            }
            for (Map<String, Object> entry : entries.values()) {
                Map<String, Object> theirApp = app(entry.get("applications"), appName);
                String s = theirApp == null ? "DEPLOYING" : String.valueOf(theirApp.get("status"));
                if (rank(APP_ORDER, s) > rank(APP_ORDER, appStatus)) {
                    appStatus = s;
                }
            }
            if (!pending.isEmpty() && pending.keySet().stream().anyMatch(k -> k.startsWith(appName + "/")) && "RUNNING".equals(appStatus)) {
                appStatus = "DEPLOYING";
            }
            app.put("status", appStatus);
            if (!"RUNNING".equals(appStatus) && String.valueOf(app.getOrDefault("message", "")).isEmpty()) {
                app.put("message", appMessage);
            }
        });
        return out;
    }

    /**
     * Adds to each application whose runtime_env names a URI of {@code kept}, and to each of its deployments,
     * why its code is the earlier bytes (the source could not be read, and which digest runs).
     *
     * @param merged the result of {@link #applications}; changed and returned
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withKeptCode(Map<String, Object> merged, io.osgiserve.config.ConfigDocument goal,
                                            Map<String, String> kept) {
        if (kept.isEmpty() || !(merged.get("applications") instanceof Map<?, ?> apps)) {
            return merged;
        }
        for (io.osgiserve.config.AppConfig config : goal.applications()) {
            List<String> uris = new ArrayList<>();
            config.runtimeEnv().workingDir().ifPresent(uris::add);
            uris.addAll(config.runtimeEnv().bundles());
            List<String> notes = uris.stream().distinct().filter(kept::containsKey).map(kept::get).toList();
            if (notes.isEmpty() || !(apps.get(config.name()) instanceof Map<?, ?> a)) {
                continue;
            }
            String note = String.join("; ", notes);
            Map<String, Object> app = (Map<String, Object>) a;
            app.put("message", withNote(app.get("message"), note));
            if (app.get("deployments") instanceof Map<?, ?> deployments) {
                for (Object d : deployments.values()) {
                    Map<String, Object> dep = (Map<String, Object>) d;
                    dep.put("message", withNote(dep.get("message"), note));
                }
            }
        }
        return merged;
    }

    private static String withNote(Object message, String note) {
        String m = message == null ? "" : String.valueOf(message);
        return m.isEmpty() ? note : m + "; " + note;
    }

    /** Ray 2.0's status document: each deployment's worst status over the nodes. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> status(Map<String, Object> base, Map<String, Map<String, Object>> entries) {
        Map<String, Object> out = deepCopy(base);
        if (!(out.get("deployment_statuses") instanceof List<?> list)) {
            return out;
        }
        for (Object o : list) {
            Map<String, Object> d = (Map<String, Object>) o;
            for (Map.Entry<String, Map<String, Object>> e : entries.entrySet()) {
                if (!(e.getValue().get("status") instanceof Map<?, ?> theirs) || !(theirs.get("deployment_statuses") instanceof List<?> ts)) {
                    continue;
                }
                for (Object t : ts) {
                    Map<String, Object> td = (Map<String, Object>) t;
                    if (d.get("name").equals(td.get("name"))
                            && rank(DEPLOYMENT_ORDER, String.valueOf(td.get("status"))) > rank(DEPLOYMENT_ORDER, String.valueOf(d.get("status")))) {
                        d.put("status", td.get("status"));
                        d.put("message", e.getKey() + ": " + td.getOrDefault("message", ""));
                    }
                }
            }
        }
        return out;
    }

    /** This node's replicas, for serve nodes: application, deployment, id and state of each. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> replicasOf(Map<String, Object> details) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!(details.get("applications") instanceof Map<?, ?> apps)) {
            return out;
        }
        apps.forEach((appName, a) -> ((Map<String, Object>) ((Map<String, Object>) a).getOrDefault("deployments", Map.of()))
                .forEach((name, d) -> {
                    for (Object r : (List<Object>) ((Map<String, Object>) d).getOrDefault("replicas", List.of())) {
                        Map<String, Object> replica = (Map<String, Object>) r;
                        Map<String, Object> one = new LinkedHashMap<>();
                        one.put("application", appName);
                        one.put("deployment", name);
                        one.put("replica_id", replica.get("replica_id"));
                        one.put("state", replica.get("state"));
                        out.add(one);
                    }
                }));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> app(Object details, Object appName) {
        if (details instanceof Map<?, ?> doc && doc.get("applications") instanceof Map<?, ?> apps
                && apps.get(appName) instanceof Map<?, ?> app) {
            return (Map<String, Object>) app;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deployment(Object details, Object appName, String deployment) {
        Map<String, Object> app = app(details, appName);
        if (app != null && app.get("deployments") instanceof Map<?, ?> ds && ds.get(deployment) instanceof Map<?, ?> d) {
            return (Map<String, Object>) d;
        }
        return null;
    }

    private static int rank(List<String> order, String status) {
        int i = order.indexOf(status);
        return i < 0 ? order.size() : i;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> doc) {
        return Json.read(Json.write(doc));
    }
}
