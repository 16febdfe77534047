package io.osgiserve.runtime.controller;

import io.osgiserve.runtime.replica.Replica;

/**
 * How replicas come and go. In the node each replica is an instance of the component factory
 * serve.replica, which holds the replica (and so the user's object) and runs its close hook when
 * disposed; it ends in {@link ReplicaHost} calls.
 */
public interface ReplicaTransport {
    /** Makes the replica's carrier, which reports {@link ReplicaHost#attach} (now or later). */
    void create(ReplicaConfig config, Replica replica);

    /** Disposes the replica's carrier (its deactivation runs the replica's close hook). */
    void delete(String replicaId);

    /** Disposes every carrier left (and what an earlier run of the node left). */
    void deleteAll();
}
