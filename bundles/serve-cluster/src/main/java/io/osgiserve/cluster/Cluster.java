package io.osgiserve.cluster;

import java.util.List;
import java.util.Optional;

/**
 * This node's membership of the cluster (a service while the node runs).
 *
 * <p>The state is a few keys ({@code goal}, {@code assignments}), each a JSON value with a generation.
 * Only the leader writes, and only from the generation it read: {@code write(key, read(key).generation,
 * json)}. Any member reads; every member mirrors each key to its data directory, and after a stop of the
 * whole cluster the highest generation any node kept wins.
 */
public interface Cluster {

    /** This node's id. */
    String nodeId();

    Role role();

    /** The members this member sees, oldest first (the first is the leader when it has a quorum). */
    List<ClusterNode> members();

    /** The value of a key as this member sees it now. */
    Optional<Versioned> read(String key);

    /**
     * Writes {@code json} as generation {@code expectedGeneration + 1}, if this member leads and the key
     * is still at {@code expectedGeneration} (0: never written).
     *
     * @throws WriteRefusedException when this member does not lead, lacks a quorum, or the key moved on
     */
    Versioned write(String key, long expectedGeneration, String json) throws WriteRefusedException;

    /**
     * As {@link #write}, for a change any member with a quorum may make (a user's deploy, accepted by any
     * node's agent): the same compare-and-set on the key's generation, so of two concurrent changes from
     * the same generation one is refused.
     *
     * @throws WriteRefusedException when this member lacks a quorum, or the key moved on
     */
    Versioned propose(String key, long expectedGeneration, String json) throws WriteRefusedException;

    /** Publishes this node's own entry (its replicas, status and usage, JSON); the others read it. */
    void publish(String json);

    /** The entry each live member published last, by node id (members that published none are left out). */
    java.util.Map<String, String> published();

    /**
     * Calls {@code listener} (on a cluster thread; it must not block) when the members, this member's role
     * or a key's value may have changed; level-triggered: read what is there now.
     *
     * @return closing it stops the calls
     */
    AutoCloseable onChange(Runnable listener);
}
