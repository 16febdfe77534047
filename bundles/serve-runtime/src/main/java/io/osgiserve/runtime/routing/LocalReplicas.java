package io.osgiserve.runtime.routing;

import io.osgiserve.runtime.replica.Replica;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's routable replicas by id, with the router that routes to each (its max_concurrent_queries
 * is the limit the owner enforces for calls from other nodes). Routers keep it current.
 */
public final class LocalReplicas {
    record Entry(Replica replica, DeploymentRouter router, String app) {
    }

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();

    void put(Replica replica, DeploymentRouter router, String app) {
        byId.put(replica.id(), new Entry(replica, router, app));
    }

    /** Each routable replica: {@code replica_id}, {@code app}, {@code deployment}, {@code code}. */
    public java.util.List<Map<String, Object>> list() {
        java.util.List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Entry e : byId.values()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("replica_id", e.replica().id());
            m.put("app", e.app());
            m.put("deployment", e.replica().deployment());
            m.put("code", e.replica().code());
            out.add(m);
        }
        out.sort(java.util.Comparator.comparing(m -> (String) m.get("replica_id")));
        return out;
    }

    void remove(Replica replica, DeploymentRouter router) {
        byId.computeIfPresent(replica.id(), (id, e) -> e.router() == router && e.replica() == replica ? null : e);
    }

    Entry get(String id) {
        return byId.get(id);
    }
}
