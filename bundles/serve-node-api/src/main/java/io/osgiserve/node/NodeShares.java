package io.osgiserve.node;

import java.util.Map;

/**
 * The node's part of a cluster, as a cluster member tells it: how many replicas of each deployment this
 * node runs. Registered by the runtime beside {@link ServeNode}; a node that is not in a cluster never
 * hears from it and runs every deployment's full replica count.
 */
public interface NodeShares {

    /**
     * From now on this node runs {@code replicas.get(app).get(deployment)} replicas of each deployment, and
     * none of a deployment not named (the leader has not placed it yet, or placed it elsewhere). Replicas
     * are added or removed as on a rescale: the ones that stay keep their ids.
     */
    void shares(Map<String, Map<String, Integer>> replicas);
}
