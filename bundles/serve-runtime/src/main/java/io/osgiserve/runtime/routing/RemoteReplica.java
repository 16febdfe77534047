package io.osgiserve.runtime.routing;

import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A replica on another node, as this node's routers see it. It holds at most max_concurrent_queries of
 * this node's calls (the owner enforces the limit across all callers and answers 503 past it). After a
 * 503 it takes no call for a moment, and none for a second after its node's connection failed (for
 * any of that node's replicas: {@link RemoteCalls#takesCalls}), so a router does not spin on it.
 */
public final class RemoteReplica implements Routable {
    static final long FULL_PAUSE_NANOS = 20_000_000L;
    static final long DOWN_PAUSE_NANOS = 1_000_000_000L;

    private final RemoteReplicaRef ref;
    private final RemoteCalls calls;
    private final Class<?> deploymentClass;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long pausedUntil = System.nanoTime();
    private volatile Runnable onRoutable = () -> { };

    /**
     * @param deploymentClass the deployment's class in this node's copy of the replica's code: results
     *     are read as its methods' declared return types (null: plain JSON values)
     */
    public RemoteReplica(RemoteReplicaRef ref, RemoteCalls calls, Class<?> deploymentClass) {
        this.ref = ref;
        this.calls = calls;
        this.deploymentClass = deploymentClass;
    }

    public RemoteReplicaRef ref() {
        return ref;
    }

    /** The class its results are typed by (null: plain JSON values). */
    public Class<?> deploymentClass() {
        return deploymentClass;
    }

    @Override
    public String id() {
        return ref.replicaId();
    }

    @Override
    public String code() {
        return ref.code();
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public boolean tryAcquire(int max) {
        if (System.nanoTime() - pausedUntil < 0 || !calls.takesCalls(ref.nodeId())) {
            return false;
        }
        while (true) {
            int n = inFlight.get();
            if (n >= max) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    @Override
    public void release() {
        inFlight.decrementAndGet();
    }

    @Override
    public CompletableFuture<Object> invoke(String method, Object[] args, String requestId) {
        Type resultType = CallCodec.resultType(deploymentClass, method, args.length);
        return calls.call(ref, method, args, requestId, resultType).whenComplete((v, t) -> {
            if (t instanceof Unreached u) {
                pause(u.reason() == Unreached.Reason.FULL ? FULL_PAUSE_NANOS : DOWN_PAUSE_NANOS);
            }
            release();
            if (t == null) {
                onRoutable.run();
            }
        });
    }

    private void pause(long nanos) {
        pausedUntil = System.nanoTime() + nanos;
    }

    /** Nanoseconds until it takes calls again (0 when it does now). */
    long pausedFor() {
        return Math.max(0, pausedUntil - System.nanoTime());
    }

    @Override
    public void onRoutable(Runnable listener) {
        this.onRoutable = listener;
    }

    @Override
    public String toString() {
        return ref.replicaId() + "@" + ref.nodeId();
    }
}
