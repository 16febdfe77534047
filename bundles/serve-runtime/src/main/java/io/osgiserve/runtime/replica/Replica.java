package io.osgiserve.runtime.replica;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.lifecycle.ReplicaLifecycle;
import io.osgiserve.metrics.ReplicaMetrics;
import io.osgiserve.metrics.ServeMetrics;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running copy of a deployment: the user's object, its lifecycle (construct, reconfigure, check
 * health, close: serialized, never overlapping) and the requests it holds. A replica is routable only
 * while RUNNING; while it reconfigures it is UPDATING and the router holds new requests back.
 */
public final class Replica implements io.osgiserve.runtime.routing.Routable {
    /** A line per start, reconfigure and close, with the replica id: what serve logs DEPLOYMENT finds. */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Replica.class);

    public enum State { STARTING, UPDATING, RECOVERING, RUNNING, STOPPING }

    private final String id;
    private final String deployment;
    private final String code;
    private final long startTimeMillis = System.currentTimeMillis();
    private final Executor requests;
    private final SerialExecutor lifecycle;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile Runnable onRoutable = () -> { };
    private volatile Object instance;
    private volatile Invoker invoker;
    private volatile ReplicaLifecycle annotations;
    private volatile HttpFace face;
    private volatile ReplicaMetrics metrics = ServeMetrics.off().replica("", "", "");
    private final long createdNanos = System.nanoTime();
    private volatile State state = State.STARTING;
    private volatile long appliedVersion = -1;
    private volatile long lastHealthCheckNanos;
    private final AtomicInteger healthFailures = new AtomicInteger();
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile long checkStartedNanos;
    private CompletableFuture<Void> closing; // guarded by this

    public Replica(String id, String deployment, Executor requests, Executor lifecycle) {
        this(id, deployment, "", requests, lifecycle);
    }

    /** @param code the identity of the code the replica runs: calls from old code prefer replicas of old code */
    public Replica(String id, String deployment, String code, Executor requests, Executor lifecycle) {
        this.id = id;
        this.code = code;
        this.deployment = deployment;
        this.requests = requests;
        this.lifecycle = new SerialExecutor(lifecycle);
    }

    public String id() {
        return id;
    }

    public String deployment() {
        return deployment;
    }

    /** The identity of the code this replica runs. */
    public String code() {
        return code;
    }

    public long startTimeMillis() {
        return startTimeMillis;
    }

    public State state() {
        return state;
    }

    /** The config version whose user_config this replica has applied (-1 before the first). */
    public long appliedVersion() {
        return appliedVersion;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Completes when the constructor and the first reconfigure returned; fails with the user's exception. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** Called whenever the replica becomes routable again, so a router can hand it queued requests. */
    public void onRoutable(Runnable listener) {
        this.onRoutable = listener;
    }

    /** Constructs the user object, then applies {@code userConfig} (when not null), off the caller's thread. */
    public void start(Callable<Object> constructor, Map<String, Object> userConfig, long version) {
        lifecycleStep(() -> {
            try {
                Object made = constructor.call();
                invoker = new Invoker(made.getClass());
                annotations = ReplicaLifecycle.of(made.getClass());
                instance = made;
                apply(userConfig, version);
                annotations.postConstruct(made); // before the replica takes traffic
                if (!transition(State.STARTING, State.RUNNING)) {
                    throw new IllegalStateException("replica " + id + " was stopped while it started");
                }
                long startup = System.nanoTime() - createdNanos;
                metrics.started(startup);
                LOG.info("replica {} of {} is running ({} ms to start)", id, deployment, startup / 1_000_000);
                ready.complete(null);
                onRoutable.run();
            } catch (Throwable t) {
                ready.completeExceptionally(t);
            }
        });
    }

    /** Where this replica's requests, start and health are recorded; set before {@link #start}. */
    public void metrics(ReplicaMetrics metrics) {
        this.metrics = metrics;
    }

    /** Answers the ingress's requests ({@code call} with an HttpRequest) through {@code face}; set before {@link #start}. */
    public void httpFace(HttpFace face) {
        this.face = face;
    }

    /** Applies a new user_config; the future completes with the version once {@code reconfigure} returned. */
    public CompletableFuture<Long> reconfigure(Map<String, Object> userConfig, long version) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        lifecycleStep(() -> {
            if (instance == null || !transition(State.RUNNING, State.UPDATING)) {
                done.completeExceptionally(new IllegalStateException("replica " + id + " is not running"));
                return;
            }
            Throwable failed = null;
            try {
                apply(userConfig, version);
            } catch (Throwable t) {
                failed = t;
            }
            transition(State.UPDATING, State.RUNNING);
            onRoutable.run();
            // RUNNING again before the controller hears of it; the log line after, off the rollout's path
            if (failed != null) {
                done.completeExceptionally(failed);
            } else {
                done.complete(version);
                LOG.info("replica {} of {} applied user_config version {}", id, deployment, version);
            }
        });
        return done;
    }

    private void apply(Map<String, Object> userConfig, long version) throws Throwable {
        if (userConfig != null) {
            Method m = invoker.find("reconfigure", 1);
            if (m == null) {
                throw new IllegalArgumentException("user_config is set but " + instance.getClass().getName()
                        + " has no public reconfigure(Map<String, Object>) method");
            }
            invoker.invoke(instance, "reconfigure", new Object[] {userConfig});
        }
        appliedVersion = version;
    }

    /** Runs a lifecycle step (serialized) with this replica's id in the MDC, for the user's log lines. */
    private void lifecycleStep(Runnable step) {
        lifecycle.execute(() -> LogContext.run(id, null, step));
    }

    /** Moves from {@code from} to {@code to} unless something else (STOPPING) came first. */
    private synchronized boolean transition(State from, State to) {
        if (state != from) {
            return false;
        }
        state = to;
        return true;
    }

    /**
     * Runs the user's optional {@code checkHealth()}; completes exceptionally when it threw, or with a
     * {@link TimeoutException} when it did not answer within {@code timeout}. No check is queued behind
     * one that has not returned: while that one is within its timeout this returns null (nothing to
     * count), past it a failed future (it still does not answer).
     */
    public CompletableFuture<Void> checkHealth(Duration timeout) {
        long now = System.nanoTime();
        lastHealthCheckNanos = now;
        if (!checking.compareAndSet(false, true)) {
            return now - checkStartedNanos < timeout.toNanos() ? null
                    : CompletableFuture.failedFuture(new TimeoutException("checkHealth has not returned"));
        }
        checkStartedNanos = now;
        CompletableFuture<Void> done = new CompletableFuture<>();
        lifecycleStep(() -> {
            try {
                if (instance != null && invoker.find("checkHealth", 0) != null) {
                    invoker.invoke(instance, "checkHealth", new Object[0]);
                }
                metrics.healthy(true);
                done.complete(null);
            } catch (Throwable t) {
                metrics.healthy(false);
                metrics.healthCheckFailed();
                done.completeExceptionally(t);
            } finally {
                checking.set(false);
            }
        });
        return done.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True when the last health check started at least {@code periodSeconds} ago (or never). */
    public boolean healthCheckDue(double periodSeconds) {
        long last = lastHealthCheckNanos;
        return last == 0 || System.nanoTime() - last >= (long) (periodSeconds * 1e9);
    }

    /** Records a health check's outcome; returns how many checks in a row have failed. */
    public int recordHealth(boolean healthy) {
        if (healthy) {
            healthFailures.set(0);
            return 0;
        }
        return healthFailures.incrementAndGet();
    }

    /**
     * Takes a slot if the replica is RUNNING and holds fewer than {@code max} requests. The slot is
     * taken before the state is read, so a concurrent {@link #stopRouting()} either sees the request
     * (and waits for it) or this call sees STOPPING (and gives the slot back).
     */
    public boolean tryAcquire(int max) {
        while (true) {
            int n = inFlight.get();
            if (n >= max || state != State.RUNNING) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                if (state == State.RUNNING) {
                    return true;
                }
                release();
                return false;
            }
        }
    }

    /** Gives a slot back. */
    public void release() {
        if (inFlight.decrementAndGet() == 0 && state == State.STOPPING) {
            drained.complete(null);
        }
    }

    /** Calls a method in a slot taken with {@link #tryAcquire}; the slot is given back when the call (and any future it returned) ends. */
    public CompletableFuture<Object> invoke(String method, Object[] args) {
        return invoke(method, args, null);
    }

    /**
     * As {@link #invoke(String, Object[])}, for a caller whose request id is {@code requestId} (null:
     * the HTTP request's plain X-Request-Id, else a new one); user code sees it in the MDC ({@link LogContext}).
     */
    @Override
    public CompletableFuture<Object> invoke(String method, Object[] args, String requestId) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        ReplicaMetrics m = metrics;
        long started = System.nanoTime();
        m.requestStarted();
        String request = LogContext.requestId(requestId, args);
        try {
            requests.execute(() -> LogContext.run(id, request, () -> {
                try {
                    HttpFace f = face;
                    Object value = f != null && method.equals("call") && args.length == 1 && args[0] instanceof HttpRequest r
                            ? f.answer(instance, r) : invoker.invoke(instance, method, args);
                    if (value instanceof CompletionStage<?> stage) {
                        stage.whenComplete((v, t) -> {
                            if (t != null) {
                                result.completeExceptionally(t);
                            } else {
                                result.complete(v);
                            }
                        });
                    } else {
                        result.complete(value);
                    }
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            }));
        } catch (RuntimeException rejected) {
            result.completeExceptionally(rejected);
        }
        return result.whenComplete((v, t) -> {
            m.requestFinished(t != null, System.nanoTime() - started);
            release();
        });
    }

    /** Stops taking requests; the future completes when the requests it holds have finished. */
    public CompletableFuture<Void> stopRouting() {
        synchronized (this) {
            state = State.STOPPING;
        }
        if (inFlight.get() == 0) {
            drained.complete(null);
        }
        return drained;
    }

    /**
     * Runs the user's optional close hook ({@code close()}), after {@link #stopRouting()}. A lifecycle
     * step still running (a constructor, reconfigure or checkHealth that hangs) is interrupted first:
     * the replica is going away, and its close hook should not wait behind it forever.
     */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> done;
        synchronized (this) {
            state = State.STOPPING;
            if (closing != null) {
                return closing.copy(); // closed once: a second call neither interrupts the hook nor runs it again
            }
            closing = done = new CompletableFuture<>();
        }
        lifecycle.interruptRunning();
        lifecycleStep(() -> {
            try {
                Object obj = instance;
                if (obj != null && annotations != null) {
                    annotations.preDestroy(obj);
                }
                if (obj instanceof AutoCloseable c) {
                    c.close();
                } else if (obj != null && invoker.find("close", 0) != null) {
                    invoker.invoke(obj, "close", new Object[0]);
                }
            } catch (Throwable ignored) {
                // a failing close hook must not keep the replica alive; the replica is gone either way
            } finally {
                instance = null;
                metrics.close();
                LOG.info("replica {} of {} closed", id, deployment);
                done.complete(null);
            }
        });
        return done.copy();
    }

    /** The user's object (for tests and diagnostics). */
    public Object instance() {
        return instance;
    }

    @Override
    public String toString() {
        return id + "[" + state + "]";
    }
}
