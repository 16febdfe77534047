package io.osgiserve.runtime.controller;

import java.util.HashMap;
import java.util.Map;

/**
 * This node's share of each deployment when it is in a cluster (the leader's placement): the replica
 * count the node runs instead of the deployment's own. Until the node hears of a cluster, every
 * deployment runs its own count here. Loop thread only.
 */
final class ClusterShare {
    private Map<String, Map<String, Integer>> shares;

    /** Replaces the shares; a deployment not named gets none on this node. */
    void set(Map<String, Map<String, Integer>> replicas) {
        Map<String, Map<String, Integer>> copy = new HashMap<>();
        replicas.forEach((app, ds) -> copy.put(app, Map.copyOf(ds)));
        shares = copy;
    }

    boolean clustered() {
        return shares != null;
    }

    /** The count this node runs of {@code app/deployment}, given the count the deployment itself wants. */
    int target(String app, String deployment, int wanted) {
        if (shares == null) {
            return wanted;
        }
        return shares.getOrDefault(app, Map.of()).getOrDefault(deployment, 0);
    }
}
