package io.osgiserve.runtime.routing;

import java.net.URI;
import java.util.Objects;

/**
 * A RUNNING replica on another node, as the cluster publishes it: its id, its node, its application and
 * deployment, the identity of the code it runs (as {@code Replica.code()} gives it, the same on every
 * node for the same bytes) and the base URI of its node's internal port.
 */
public record RemoteReplicaRef(String replicaId, String nodeId, String app, String deployment, String code,
        URI internalBase) {
    public RemoteReplicaRef {
        Objects.requireNonNull(replicaId, "replicaId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(deployment, "deployment");
        code = code == null ? "" : code;
        Objects.requireNonNull(internalBase, "internalBase");
    }
}
