package io.osgiserve.runtime.controller;

/**
 * How replica configurations reach replicas. In the node this is ConfigAdmin (one named factory
 * configuration a replica, delivered asynchronously to the DS component serve.replica); it ends in
 * {@link ReplicaHost} calls.
 */
public interface ReplicaTransport {
    void create(ReplicaConfig config);

    void update(ReplicaConfig config);

    void delete(String replicaId);

    /** Deletes every replica configuration left from an earlier run of the node. */
    void deleteAll();
}
