package io.osgiserve.runtime.routing;

import io.osgiserve.metrics.RouterMetrics;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.node.OverloadedException;
import io.osgiserve.node.ReplicaFailedException;
import io.osgiserve.runtime.replica.Replica;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one deployment's calls to its replicas: the less busy of two random replicas, never more than
 * {@code max_concurrent_queries} in one replica; the rest wait in a bounded queue and are handed out
 * as slots free up. Past the queue a call fails at once with {@link OverloadedException}. Replicas on
 * this node come first; replicas on other nodes ({@link RemoteReplica}) take calls when no local one
 * has a slot. A call that never reached a remote replica (503, node down) is tried on another one.
 */
public final class DeploymentRouter {
    private final String deployment;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile List<Replica> replicas = List.of();
    private volatile List<RemoteReplica> remotes = List.of();
    /** Local replicas, then remote ones, by code while they run more than one (an immutable snapshot). */
    private volatile Pool pool = Pool.of(List.of(), List.of());
    /** Where this node's routable replicas are found by calls from other nodes (none: not in a cluster). */
    private volatile LocalReplicas directory;
    private volatile String directoryApp;
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

    /** Registers this router's local replicas (of application {@code app}) where calls from other nodes find them. */
    public void directory(LocalReplicas directory, String app) {
        this.directoryApp = app;
        this.directory = directory;
        replicas.forEach(r -> directory.put(r, this, app));
    }

    public int maxConcurrentQueries() {
        return maxConcurrentQueries;
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
        List<Replica> before = replicas;
        this.replicas = List.copyOf(routable);
        LocalReplicas d = directory;
        if (d != null) {
            routable.forEach(r -> d.put(r, this, directoryApp));
            before.stream().filter(r -> !routable.contains(r)).forEach(r -> d.remove(r, this));
        }
        this.pool = Pool.of(replicas, remotes);
        drain();
    }

    public List<Replica> replicas() {
        return replicas;
    }

    /** Replaces the replicas on other nodes calls may go to; queued calls move on at once. */
    public void remotes(List<RemoteReplica> routable) {
        for (RemoteReplica r : routable) {
            r.onRoutable(this::drain);
        }
        this.remotes = List.copyOf(routable);
        this.pool = Pool.of(replicas, remotes);
        drain();
    }

    public List<RemoteReplica> remotes() {
        return remotes;
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
        Routable r = queue.isEmpty() ? acquire(code, Set.of()) : null;
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
            p.expiry.set(true);
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
        LocalReplicas d = directory;
        if (d != null) {
            replicas.forEach(r -> d.remove(r, this));
        }
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

    private Routable acquire(String code, Set<Routable> tried) {
        Pool p = pool;
        boolean pinned = p.localByCode != null && code != null
                && (p.localByCode.containsKey(code) || p.remoteByCode.containsKey(code));
        List<Routable> local = pinned ? p.localByCode.getOrDefault(code, List.of()) : p.local;
        Routable r = acquire(local, tried);
        if (r == null) {
            r = acquire(pinned ? p.remoteByCode.getOrDefault(code, List.of()) : p.remote, tried);
        }
        return r;
    }

    private Routable acquire(List<Routable> rs, Set<Routable> tried) {
        int n = rs.size();
        if (n == 0) {
            return null;
        }
        int max = maxConcurrentQueries;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        Routable a = rs.get(rnd.nextInt(n));
        Routable b = rs.get(rnd.nextInt(n));
        Routable first = b.inFlight() < a.inFlight() ? b : a;
        Routable second = first == a ? b : a;
        if (!tried.contains(first) && first.tryAcquire(max)) {
            return first;
        }
        if (!tried.contains(second) && second.tryAcquire(max)) {
            return second;
        }
        int start = rnd.nextInt(n);
        for (int i = 0; i < n; i++) {
            Routable r = rs.get((start + i) % n);
            if (!tried.contains(r) && r.tryAcquire(max)) {
                return r;
            }
        }
        return null;
    }

    private void drain() {
        while (!queue.isEmpty()) {
            Pending head = queue.peek();
            Routable r = acquire(head == null ? null : head.code, Set.of());
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

    private void dispatch(Pending p, Routable r) {
        r.invoke(p.method, p.args, p.requestId).whenComplete((value, failure) -> {
            if (failure == null) {
                p.future.complete(value);
            } else if (unwrap(failure) instanceof Unreached u) {
                retry(p, r, u);
            } else {
                p.future.completeExceptionally(wrap(failure));
            }
            drain();
        });
    }

    /**
     * The call never reached {@code r}'s replica: another replica takes it, else it waits in the queue
     * (as any call, at most the queue's wait) until one has a slot again.
     */
    private void retry(Pending p, Routable r, Unreached why) {
        p.tried.add(r);
        Routable next = closed ? null : acquire(p.code, p.tried);
        if (next != null) {
            dispatch(p, next);
            return;
        }
        if (queued.incrementAndGet() > maxQueuedRequests) {
            // a node that refuses calls must not push the queue past its bound
            queued.decrementAndGet();
            p.future.completeExceptionally(new OverloadedException("deployment " + deployment
                    + " is at capacity: no other replica takes the call (" + why.reason() + " on " + r.id()
                    + ") and " + maxQueuedRequests + " requests are queued"));
            return;
        }
        queue.add(p);
        metrics.requestQueued();
        if (p.expiry.compareAndSet(false, true)) {
            CompletableFuture.delayedExecutor(maxWait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(() -> expire(p));
        }
        // what refused it takes calls again after a pause: look then (nothing else may wake the queue)
        CompletableFuture.delayedExecutor(RemoteReplica.FULL_PAUSE_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS)
                .execute(this::drain);
        if (closed) {
            close();
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private Throwable wrap(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof ReplicaFailedException || cause instanceof OverloadedException
                || cause instanceof io.osgiserve.node.BadArgumentsException
                || cause instanceof io.osgiserve.node.TimedOutException) {
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
        /** Replicas this call never reached (a 503, a node down): not tried again. */
        final Set<Routable> tried = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** Set once its wait in the queue is bounded. */
        final java.util.concurrent.atomic.AtomicBoolean expiry = new java.util.concurrent.atomic.AtomicBoolean();

        Pending(String method, Object[] args, String code) {
            this.method = method;
            this.args = args;
            this.code = code;
        }
    }

    /** Local and remote replicas; while they run more than one code, each code's, local and remote. */
    private static final class Pool {
        final List<Routable> local;
        final List<Routable> remote;
        final Map<String, List<Routable>> localByCode;
        final Map<String, List<Routable>> remoteByCode;

        private Pool(List<Routable> local, List<Routable> remote, Map<String, List<Routable>> localByCode,
                Map<String, List<Routable>> remoteByCode) {
            this.local = local;
            this.remote = remote;
            this.localByCode = localByCode;
            this.remoteByCode = remoteByCode;
        }

        static Pool of(List<? extends Routable> local, List<? extends Routable> remote) {
            Set<String> codes = new HashSet<>();
            local.forEach(r -> codes.add(r.code()));
            remote.forEach(r -> codes.add(r.code()));
            if (codes.size() <= 1) {
                return new Pool(List.copyOf(local), List.copyOf(remote), null, null);
            }
            return new Pool(List.copyOf(local), List.copyOf(remote), byCode(local), byCode(remote));
        }

        private static Map<String, List<Routable>> byCode(List<? extends Routable> rs) {
            Map<String, List<Routable>> m = new HashMap<>();
            for (Routable r : rs) {
                m.computeIfAbsent(r.code(), c -> new ArrayList<>()).add(r);
            }
            return m;
        }
    }
}
