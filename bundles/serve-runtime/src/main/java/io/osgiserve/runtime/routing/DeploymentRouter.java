package io.osgiserve.runtime.routing;

import io.osgiserve.metrics.RouterMetrics;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.node.OverloadedException;
import io.osgiserve.node.ReplicaFailedException;
import io.osgiserve.runtime.replica.Replica;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one deployment's calls to its replicas: the less busy of two random replicas, never more than
 * {@code max_concurrent_queries} in one replica; the rest wait in a bounded queue and are handed out
 * as slots free up. Past the queue a call fails at once with {@link OverloadedException}.
 */
public final class DeploymentRouter {
    private final String deployment;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile List<Replica> replicas = List.of();
    /** While replicas run more than one code (a code update): the replicas of each code; else null. */
    private volatile Map<String, List<Replica>> byCode;
    private volatile int maxConcurrentQueries;
    private volatile int maxQueuedRequests;
    private volatile boolean closed;

    /** How long a call waits in the queue for a replica before it fails with {@link OverloadedException}. */
    public static final java.time.Duration DEFAULT_MAX_WAIT = java.time.Duration.ofSeconds(60);

    private final java.time.Duration maxWait;
    private volatile RouterMetrics metrics = ServeMetrics.off().router("", "");
    /** Told when a call queues while there is no replica at all (a deployment scaled to zero wakes up). */
    private volatile Runnable queuedWithoutReplica = () -> { };

    public DeploymentRouter(String deployment, int maxConcurrentQueries, int maxQueuedRequests) {
        this(deployment, maxConcurrentQueries, maxQueuedRequests, DEFAULT_MAX_WAIT);
    }

    public DeploymentRouter(String deployment, int maxConcurrentQueries, int maxQueuedRequests,
            java.time.Duration maxWait) {
        this.deployment = deployment;
        this.maxConcurrentQueries = maxConcurrentQueries;
        this.maxQueuedRequests = maxQueuedRequests;
        this.maxWait = maxWait;
    }

    /** Where routed and queued calls are recorded (closed with the router). */
    public void metrics(RouterMetrics metrics) {
        this.metrics = metrics;
    }

    /** {@code wake} runs (on the caller's thread, so it must only post) whenever a call queues with no replica. */
    public void onQueuedWithoutReplica(Runnable wake) {
        this.queuedWithoutReplica = wake;
    }

    public String deployment() {
        return deployment;
    }

    public void limits(int maxConcurrent, int maxQueued) {
        this.maxConcurrentQueries = maxConcurrent;
        this.maxQueuedRequests = maxQueued;
        drain();
    }

    /** Replaces the set of replicas calls may go to (an immutable snapshot); queued calls move on at once. */
    public void replicas(List<Replica> routable) {
        for (Replica r : routable) {
            r.onRoutable(this::drain);
        }
        boolean mixed = false;
        for (Replica r : routable) {
            mixed |= !r.code().equals(routable.get(0).code());
        }
        Map<String, List<Replica>> codes = null;
        if (mixed) {
            codes = new HashMap<>();
            for (Replica r : routable) {
                codes.computeIfAbsent(r.code(), c -> new ArrayList<>()).add(r);
            }
        }
        this.byCode = codes;
        this.replicas = List.copyOf(routable);
        drain();
    }

    public List<Replica> replicas() {
        return replicas;
    }

    public int queued() {
        return queued.get();
    }

    /** Calls {@code method} on one replica; user exceptions arrive as {@link ReplicaFailedException}. */
    public CompletableFuture<Object> call(String method, Object[] args) {
        return call(method, args, null);
    }

    /**
     * As {@link #call(String, Object[])}, from a caller running code {@code code}: while replicas of
     * that code are routable, only they take the call (the caller's types come from that code);
     * otherwise any replica does.
     */
    public CompletableFuture<Object> call(String method, Object[] args, String code) {
        Pending p = new Pending(method, args, code);
        metrics.requestRouted();
        if (closed) {
            p.future.completeExceptionally(new OverloadedException("deployment " + deployment + " is shut down"));
            return p.future;
        }
        Replica r = queue.isEmpty() ? acquire(code) : null;
        if (r != null) {
            dispatch(p, r);
        } else if (queued.incrementAndGet() > maxQueuedRequests) {
            queued.decrementAndGet();
            p.future.completeExceptionally(new OverloadedException("deployment " + deployment
                    + " is at capacity: every replica holds max_concurrent_queries=" + maxConcurrentQueries
                    + " and " + maxQueuedRequests + " requests are queued"));
        } else {
            queue.add(p);
            metrics.requestQueued();
            // a call must not wait forever (no replica may ever come): give up after maxWait
            CompletableFuture.delayedExecutor(maxWait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(() -> expire(p));
            if (closed) {
                close(); // closed meanwhile: nothing would ever take it
            } else {
                if (replicas.isEmpty()) {
                    queuedWithoutReplica.run();
                }
                drain();
            }
        }
        return p.future;
    }

    /** Fails every queued call and refuses new ones (the deployment is gone). */
    public void close() {
        closed = true;
        Pending p;
        while ((p = queue.poll()) != null) {
            queued.decrementAndGet();
            metrics.requestDequeued();
            p.future.completeExceptionally(new OverloadedException("deployment " + deployment + " was removed"));
        }
        metrics.close();
    }

    private void expire(Pending p) {
        if (queue.remove(p)) {
            queued.decrementAndGet();
            metrics.requestDequeued();
            p.future.completeExceptionally(new OverloadedException("no replica of " + deployment
                    + " took the request within " + maxWait.toSeconds() + " s"));
        }
    }

    private Replica acquire(String code) {
        Map<String, List<Replica>> codes = byCode;
        List<Replica> rs = codes != null && code != null && codes.containsKey(code) ? codes.get(code) : replicas;
        int n = rs.size();
        if (n == 0) {
            return null;
        }
        int max = maxConcurrentQueries;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        Replica a = rs.get(rnd.nextInt(n));
        Replica b = rs.get(rnd.nextInt(n));
        Replica first = b.inFlight() < a.inFlight() ? b : a;
        Replica second = first == a ? b : a;
        if (first.tryAcquire(max)) {
            return first;
        }
        if (second.tryAcquire(max)) {
            return second;
        }
        int start = rnd.nextInt(n);
        for (int i = 0; i < n; i++) {
            Replica r = rs.get((start + i) % n);
            if (r.tryAcquire(max)) {
                return r;
            }
        }
        return null;
    }

    private void drain() {
        while (!queue.isEmpty()) {
            Pending head = queue.peek();
            Replica r = acquire(head == null ? null : head.code);
            if (r == null) {
                return;
            }
            Pending p = queue.poll();
            if (p == null) {
                // another thread took it; give the slot back and look again (a call may have arrived meanwhile)
                r.release();
                continue;
            }
            queued.decrementAndGet();
            metrics.requestDequeued();
            dispatch(p, r);
        }
    }

    private void dispatch(Pending p, Replica r) {
        r.invoke(p.method, p.args, p.requestId).whenComplete((value, failure) -> {
            if (failure == null) {
                p.future.complete(value);
            } else {
                p.future.completeExceptionally(wrap(failure));
            }
            drain();
        });
    }

    private Throwable wrap(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof ReplicaFailedException || cause instanceof OverloadedException
                || cause instanceof io.osgiserve.node.BadArgumentsException) {
            return cause;
        }
        return new ReplicaFailedException(deployment, cause);
    }

    private static final class Pending {
        final String method;
        final Object[] args;
        final String code;
        /** The caller's request id (user code calling a handle), carried to the called replica's MDC. */
        final String requestId = io.osgiserve.runtime.replica.LogContext.currentRequestId();
        final CompletableFuture<Object> future = new CompletableFuture<>();

        Pending(String method, Object[] args, String code) {
            this.method = method;
            this.args = args;
            this.code = code;
        }
    }
}
