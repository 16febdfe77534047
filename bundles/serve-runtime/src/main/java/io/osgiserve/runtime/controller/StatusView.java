package io.osgiserve.runtime.controller;

import io.osgiserve.config.AppConfig;
import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.ConfigForm;
import io.osgiserve.config.DetailsConfigParts;

import io.osgiserve.runtime.replica.Replica;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status documents, built on the loop from the controller's state: Ray's status document, and
 * the details document of {@code GET /api/serve/applications/} (every application, down to each
 * replica). Keyed by application name from the start; today a node runs one, "default".
 */
final class StatusView {
    /** One application as the documents show it. */
    record App(String name, ConfigGoal goal, String status, String message, String routePrefix,
            List<ReplicaSet> deployments) {
    }

    private StatusView() {
    }

    static Map<String, Object> status(App app) {
        Map<String, Object> a = new LinkedHashMap<>();
        List<Object> statuses = new ArrayList<>();
        if (app == null || app.goal() == null) {
            a.put("status", "NOT_STARTED");
            a.put("message", "");
            a.put("deployment_timestamp", 0);
        } else {
            a.put("status", app.status());
            a.put("message", app.message());
            a.put("deployment_timestamp", app.goal().timestamp());
            for (ReplicaSet s : app.deployments()) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("name", s.name);
                d.put("status", s.status());
                d.put("message", s.message());
                statuses.add(d);
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("app_status", a);
        doc.put("deployment_statuses", statuses);
        return doc;
    }

    static Map<String, Object> applications(String nodeId, List<App> apps) {
        return applications(nodeId, apps, null);
    }

    /**
     * Current Ray's {@code ServeInstanceDetails}: exactly the keys its client requires at the instance,
     * application and deployment levels (it refuses any other there); our extras only inside replicas.
     *
     * @param doc the whole document deployed (its http_options and the like), or null when none is
     */
    static Map<String, Object> applications(String nodeId, List<App> apps, ConfigDocument doc) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (App app : apps) {
            if (app.goal() == null) {
                continue;
            }
            AppConfig config = app.goal().doc().config();
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", app.name());
            a.put("route_prefix", app.routePrefix());
            a.put("docs_path", RestFaces.docsPath(app.routePrefix(), app.deployments()));
            a.put("status", app.status());
            a.put("message", app.message());
            a.put("last_deployed_time_s", app.goal().timestamp());
            a.put("deployed_app_config", DetailsConfigParts.deployedAppConfig(config));
            a.put("source", (config.form() == ConfigForm.MULTI_APP ? DetailsConfigParts.Source.DECLARATIVE
                    : DetailsConfigParts.Source.IMPERATIVE).text());
            Map<String, Object> ds = new LinkedHashMap<>();
            for (ReplicaSet s : app.deployments()) {
                ds.put(s.name, details(nodeId, s));
            }
            a.put("deployments", ds);
            a.put("external_scaler_enabled", false);
            byName.put(app.name(), a);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (byName.isEmpty()) {
            // Ray's answer when no Serve instance runs (its CLI reads a null controller node id as "none")
            out.put("deploy_mode", "MULTI_APP");
            out.put("controller_info", Map.of());
            out.put("proxies", Map.of());
            out.put("applications", byName);
            out.put("target_capacity", null);
            return out;
        }
        Map<String, Object> parts = DetailsConfigParts.instance(doc);
        String host = String.valueOf(((Map<?, ?>) parts.get("http_options")).get("host"));
        out.put("controller_info", actor(nodeId, host, "SERVE_CONTROLLER_ACTOR"));
        out.put("proxy_location", parts.get("proxy_location"));
        out.put("http_options", parts.get("http_options"));
        out.put("grpc_options", parts.get("grpc_options"));
        Map<String, Object> proxy = actor(nodeId, host, "SERVE_PROXY_ACTOR-" + nodeId);
        proxy.put("status", "HEALTHY");
        Map<String, Object> proxies = new LinkedHashMap<>();
        proxies.put(nodeId, proxy);
        out.put("proxies", proxies);
        out.put("deploy_mode", "MULTI_APP");
        out.put("applications", byName);
        out.put("target_capacity", parts.get("target_capacity"));
        return out;
    }

    /** Ray's actor fields: where a part runs; what has no meaning on the JVM is null. */
    private static Map<String, Object> actor(String nodeId, String host, String name) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("node_id", nodeId);
        a.put("node_ip", host);
        a.put("node_instance_id", null);
        a.put("actor_id", null);
        a.put("actor_name", name);
        a.put("worker_id", null);
        a.put("log_file_path", null);
        return a;
    }

    /** Ray's status_trigger for a deployment status of ours. */
    private static String trigger(ReplicaSet s) {
        return switch (s.detailedStatus()) {
            case "HEALTHY" -> "CONFIG_UPDATE_COMPLETED";
            case "UPDATING" -> "CONFIG_UPDATE_STARTED";
            case "UPSCALING", "DOWNSCALING" -> "AUTOSCALING";
            default -> s.failedDeploy() ? "REPLICA_STARTUP_FAILED" : "HEALTH_CHECK_FAILED";
        };
    }

    private static Map<String, Object> details(String nodeId, ReplicaSet s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", s.name);
        d.put("status", s.detailedStatus());
        d.put("status_trigger", trigger(s));
        d.put("message", s.message());
        d.put("deployment_config", s.spec() == null ? Map.of("name", s.name)
                : DetailsConfigParts.deploymentConfig(s.spec().options()));
        d.put("target_num_replicas", s.target());
        d.put("required_resources", Map.of());
        List<Object> rs = new ArrayList<>();
        List<ReplicaSet.Member> all = new ArrayList<>(s.members());
        all.addAll(s.retiring());
        for (ReplicaSet.Member m : all) {
            Replica r = m.replica;
            Map<String, Object> rm = actor(nodeId, null, null);
            rm.put("replica_id", r.id());
            rm.put("state", r.state().name());
            rm.put("pid", null);
            rm.put("start_time_s", r.startTimeMillis() / 1000.0);
            rm.put("actor_name", r.id());
            rm.put("version", r.appliedVersion()); // an extra: replicas allow them
            rs.add(rm);
        }
        d.put("replicas", rs);
        List<Object> dead = new ArrayList<>();
        for (ReplicaSet.Dead x : s.recentDead()) {
            Map<String, Object> rm = actor(nodeId, null, x.replicaId());
            rm.put("replica_id", x.replicaId());
            rm.put("state", "STOPPED");
            rm.put("pid", null);
            rm.put("start_time_s", x.startTimeS());
            rm.put("died_at_s", x.diedAtS()); // extras: replicas allow them
            rm.put("death_reason", x.reason());
            dead.add(rm);
        }
        d.put("recent_dead_replicas", dead);
        return d;
    }
}
