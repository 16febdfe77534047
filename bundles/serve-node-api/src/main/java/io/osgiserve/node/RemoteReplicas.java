package io.osgiserve.node;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's data plane as the cluster drives it (registered by the runtime; the cluster bundle sees
 * only this package). Replica refs are maps of JSON types with the keys {@code replica_id},
 * {@code node_id}, {@code app}, {@code deployment}, {@code code} (the code identity: the same on every
 * node for the same bytes) and {@code internal_base} (the owner's internal port, {@code http(s)://h:p}).
 */
@ProviderType
public interface RemoteReplicas {

    /**
     * Replaces the replicas other nodes run of {@code app}'s {@code deployment}; this node's routers call
     * them when no local replica has a slot. Safe from any thread; returns at once.
     *
     * @throws IllegalArgumentException naming a ref that lacks a key or whose {@code internal_base} is not a URI
     */
    void remoteReplicas(String app, String deployment, List<Map<String, Object>> refs);

    /** This node's routable (RUNNING) replicas: {@code replica_id}, {@code app}, {@code deployment}, {@code code}. */
    List<Map<String, Object>> localReplicas();

    /** This node's internal port as other nodes reach it; null until it listens. */
    URI internalAddress();

    /**
     * The content digest ({@code sha256:<hex>}) of what this node last fetched for a runtime_env URI,
     * when it was one file; a goal may then name the code as that digest on every node.
     */
    Optional<String> codeDigest(String uri);

    /**
     * Where {@code sha256:<hex>} runtime_env URIs are fetched from: the internal base URIs of the nodes
     * holding a digest (by its 64 hex digits). Bytes are verified against the digest.
     */
    void codeHolders(Function<String, List<URI>> holders);

    // ---- code by digest (the node that accepts a deploy fetches once; the others fetch from a holder)

    /**
     * Fetches what {@code uri} names now, with {@code caller}'s policy and the node's fetch limits, into
     * this node's code cache, and names it by content: {@code sha256:<hex>}. Empty when the URI cannot be
     * named by one digest (a directory of jars): each node then fetches it itself.
     *
     * @throws DeployRefusedException when the caller's policy, a limit or the URI itself refuses it (one line)
     * @throws CodeUnavailableException when the source cannot be read now (one line naming the URI and why)
     */
    Optional<String> fetchCode(String uri, InetAddress caller) throws DeployRefusedException, CodeUnavailableException;

    /**
     * From now on each URI of {@code pins} is fetched by the digest it maps to ({@code sha256:<hex>}), from
     * this node's cache or from the holders {@link #codeHolders} names, instead of from its source.
     * Replaces the previous pins.
     */
    void codePins(Map<String, String> pins);

    /** True when this node's code cache holds the bytes whose SHA-256 is {@code sha256Hex}. */
    boolean holdsCode(String sha256Hex);
}
