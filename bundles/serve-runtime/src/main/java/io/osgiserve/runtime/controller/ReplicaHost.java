package io.osgiserve.runtime.controller;

/** Where replica configurations arrive (from the DS component, or a transport in tests). */
public interface ReplicaHost {
    /** A replica's configuration appeared: construct the replica. */
    void attach(ReplicaConfig config);

    /** A replica's configuration went away. */
    void detach(String replicaId);
}
