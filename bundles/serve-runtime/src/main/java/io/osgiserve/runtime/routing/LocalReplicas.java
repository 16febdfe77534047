package io.osgiserve.runtime.routing;

import io.osgiserve.runtime.replica.Replica;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's routable replicas by id, with the router that routes to each (its max_concurrent_queries
 * is the limit the owner enforces for calls from other nodes). Routers keep it current.
 */
public final class LocalReplicas {
    record Entry(Replica replica, DeploymentRouter router) {
    }

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();

    void put(Replica replica, DeploymentRouter router) {
        byId.put(replica.id(), new Entry(replica, router));
    }

    void remove(Replica replica, DeploymentRouter router) {
        byId.computeIfPresent(replica.id(), (id, e) -> e.router() == router && e.replica() == replica ? null : e);
    }

    Entry get(String id) {
        return byId.get(id);
    }
}
