package io.osgiserve.runtime.controller;

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
        Map<String, Object> byName = new LinkedHashMap<>();
        for (App app : apps) {
            if (app.goal() == null) {
                continue;
            }
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", app.name());
            a.put("route_prefix", app.routePrefix());
            a.put("status", app.status());
            a.put("message", app.message());
            a.put("last_deployed_time_s", app.goal().timestamp());
            a.put("deployed_app_config", app.goal().doc().form() == io.osgiserve.config.ConfigForm.SINGLE_APP
                    ? app.goal().doc().written() : app.goal().doc().config().written());
            Map<String, Object> ds = new LinkedHashMap<>();
            for (ReplicaSet s : app.deployments()) {
                ds.put(s.name, details(nodeId, s));
            }
            a.put("deployments", ds);
            byName.put(app.name(), a);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("node_id", nodeId);
        doc.put("applications", byName);
        return doc;
    }

    private static Map<String, Object> details(String nodeId, ReplicaSet s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", s.name);
        d.put("status", s.status());
        d.put("message", s.message());
        d.put("target_num_replicas", s.target());
        d.put("route_prefix", s.spec() == null ? null : s.spec().routePrefix());
        d.put("deployment_config", s.spec() == null ? Map.of() : s.spec().options().written());
        List<Object> rs = new ArrayList<>();
        List<ReplicaSet.Member> all = new ArrayList<>(s.members());
        all.addAll(s.retiring());
        for (ReplicaSet.Member m : all) {
            Replica r = m.replica;
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("replica_id", r.id());
            rm.put("state", r.state().name());
            rm.put("node_id", nodeId);
            rm.put("start_time_s", r.startTimeMillis() / 1000.0);
            rm.put("version", r.appliedVersion());
            rs.add(rm);
        }
        d.put("replicas", rs);
        return d;
    }
}
