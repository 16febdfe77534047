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

    /**
     * A ref from its map form ({@code replica_id}, {@code node_id}, {@code app}, {@code deployment},
     * {@code code}, {@code internal_base}).
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static RemoteReplicaRef of(java.util.Map<String, Object> m) {
        String base = text(m, "internal_base");
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("replica ref: internal_base '" + base + "' is not a URI");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("replica ref: internal_base '" + base + "' is not http(s)://host:port");
        }
        Object code = m.get("code");
        return new RemoteReplicaRef(text(m, "replica_id"), text(m, "node_id"), text(m, "app"), text(m, "deployment"),
                code == null ? "" : code.toString(), uri);
    }

    private static String text(java.util.Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException("replica ref: '" + key + "' is missing (got " + m.keySet() + ")");
        }
        return s;
    }
}
