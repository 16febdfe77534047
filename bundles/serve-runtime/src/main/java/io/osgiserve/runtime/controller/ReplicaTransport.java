package io.osgiserve.runtime.controller;

/**
 * How replicas come and go. In the node this is ConfigAdmin (one named factory configuration a
 * replica, delivered asynchronously to the DS component serve.replica); it ends in {@link ReplicaHost}
 * calls. A lightweight update does not pass here: the controller calls the replica itself.
 */
public interface ReplicaTransport {
    void create(ReplicaConfig config);

    void delete(String replicaId);

    /** Deletes every replica configuration left from an earlier run of the node. */
    void deleteAll();
}
