package io.osgiserve.runtime.replica;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running copy of a deployment: the user's object, its lifecycle (construct, reconfigure, check
 * health, close: serialized, never overlapping) and the requests it holds. A replica is routable only
 * while RUNNING; while it reconfigures it is UPDATING and the router holds new requests back.
 */
public final class Replica {
    public enum State { STARTING, UPDATING, RECOVERING, RUNNING, STOPPING }

    private final String id;
    private final String deployment;
    private final long startTimeMillis = System.currentTimeMillis();
    private final Executor requests;
    private final SerialExecutor lifecycle;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile Runnable onRoutable = () -> { };
    private volatile Object instance;
    private volatile Invoker invoker;
    private volatile State state = State.STARTING;
    private volatile long appliedVersion = -1;
    private volatile long lastHealthCheckNanos;
    private volatile int healthFailures;
    private final AtomicBoolean checking = new AtomicBoolean();

    public Replica(String id, String deployment, Executor requests, Executor lifecycle) {
        this.id = id;
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
        lifecycle.execute(() -> {
            try {
                Object made = constructor.call();
                invoker = new Invoker(made.getClass());
                instance = made;
                apply(userConfig, version);
                if (!transition(State.STARTING, State.RUNNING)) {
                    throw new IllegalStateException("replica " + id + " was stopped while it started");
                }
                ready.complete(null);
                onRoutable.run();
            } catch (Throwable t) {
                ready.completeExceptionally(t);
            }
        });
    }

    /** Applies a new user_config; the future completes with the version once {@code reconfigure} returned. */
    public CompletableFuture<Long> reconfigure(Map<String, Object> userConfig, long version) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        lifecycle.execute(() -> {
            if (instance == null || !transition(State.RUNNING, State.UPDATING)) {
                done.completeExceptionally(new IllegalStateException("replica " + id + " is not running"));
                return;
            }
            try {
                apply(userConfig, version);
                done.complete(version);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            } finally {
                transition(State.UPDATING, State.RUNNING);
                onRoutable.run();
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

    /** Moves from {@code from} to {@code to} unless something else (STOPPING) came first. */
    private synchronized boolean transition(State from, State to) {
        if (state != from) {
            return false;
        }
        state = to;
        return true;
    }

    /**
     * Runs the user's optional {@code checkHealth()}; completes exceptionally when it threw. While an
     * earlier check has not returned, no other is queued behind it: this one fails at once, as a check
     * that did not answer.
     */
    public CompletableFuture<Void> checkHealth() {
        lastHealthCheckNanos = System.nanoTime();
        if (!checking.compareAndSet(false, true)) {
            return CompletableFuture.failedFuture(new TimeoutException("the previous checkHealth has not returned"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        lifecycle.execute(() -> {
            try {
                if (instance != null && invoker.find("checkHealth", 0) != null) {
                    invoker.invoke(instance, "checkHealth", new Object[0]);
                }
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            } finally {
                checking.set(false);
            }
        });
        return done;
    }

    /** True when the last health check started at least {@code periodSeconds} ago (or never). */
    public boolean healthCheckDue(double periodSeconds) {
        long last = lastHealthCheckNanos;
        return last == 0 || System.nanoTime() - last >= (long) (periodSeconds * 1e9);
    }

    /** Records a health check's outcome; returns how many checks in a row have failed. */
    public int recordHealth(boolean healthy) {
        return healthy ? (healthFailures = 0) : ++healthFailures;
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
        CompletableFuture<Object> result = new CompletableFuture<>();
        try {
            requests.execute(() -> {
                try {
                    Object value = invoker.invoke(instance, method, args);
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
            });
        } catch (RuntimeException rejected) {
            result.completeExceptionally(rejected);
        }
        return result.whenComplete((v, t) -> release());
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
        synchronized (this) {
            state = State.STOPPING;
        }
        lifecycle.interruptRunning();
        CompletableFuture<Void> done = new CompletableFuture<>();
        lifecycle.execute(() -> {
            try {
                Object obj = instance;
                if (obj instanceof AutoCloseable c) {
                    c.close();
                } else if (obj != null && invoker.find("close", 0) != null) {
                    invoker.invoke(obj, "close", new Object[0]);
                }
            } catch (Throwable ignored) {
                // a failing close hook must not keep the replica alive; the replica is gone either way
            } finally {
                instance = null;
                done.complete(null);
            }
        });
        return done;
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
