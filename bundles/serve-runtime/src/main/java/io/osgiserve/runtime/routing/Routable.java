package io.osgiserve.runtime.routing;

import java.util.concurrent.CompletableFuture;

/** What a router sends calls to: a replica on this node, or one on another node ({@link RemoteReplica}). */
public interface Routable {
    String id();

    /** The identity of the code it runs: calls from a code prefer targets of the same code. */
    String code();

    /** Calls it holds now (for the less busy of two). */
    int inFlight();

    /** Takes a slot if it takes calls now and holds fewer than {@code max}. */
    boolean tryAcquire(int max);

    /** Gives a slot back that was taken but not used. */
    void release();

    /**
     * Calls {@code method} in a slot taken with {@link #tryAcquire}; the slot is given back when it ends.
     * {@code requestId} is the caller's request id (null: the call has none yet), carried into the replica's
     * log context on whichever node it runs.
     */
    CompletableFuture<Object> invoke(String method, Object[] args, String requestId);

    /** Called whenever it may take calls again. */
    void onRoutable(Runnable listener);
}
