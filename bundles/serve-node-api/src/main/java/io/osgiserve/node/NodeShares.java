package io.osgiserve.node;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's part of a cluster, as a cluster member tells it: how many replicas of each deployment this
 * node runs. Registered by the runtime beside {@link ServeNode}; a node that is not in a cluster never
 * hears from it and runs every deployment's full replica count.
 */
@ProviderType
public interface NodeShares {

    /**
     * From now on this node runs {@code replicas.get(app).get(deployment)} replicas of each deployment, and
     * none of a deployment not named (the leader has not placed it yet, or placed it elsewhere). Replicas
     * are added or removed as on a rescale: the ones that stay keep their ids.
     */
    void shares(Map<String, Map<String, Integer>> replicas);

    /**
     * Whether this node is the cluster's head (the node started with {@code --head}): under the config's
     * {@code proxy_location: HeadOnly} only the head opens its ingress, the others' HTTP port stays closed.
     * A node that is not in a cluster is its own head.
     */
    void head(boolean head);
}
