package io.osgiserve.runtime.controller;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The controller's one writer: a single thread that runs posted events in order, then one reconcile
 * pass once the queue is empty, and a tick every {@code tickMillis} (health checks, autoscaling, a
 * pass). Every change of controller state happens here; other threads only {@link #post} events.
 * Nothing that runs here may wait for user code or I/O.
 */
final class ReconcileLoop {
    private static final Logger LOG = Logger.getLogger(ReconcileLoop.class.getName());

    private final ExecutorService thread;
    private final ScheduledExecutorService timers;
    private final Runnable pass;
    private final Runnable tick;
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private volatile Thread loopThread;

    /**
     * @param pass one level-triggered pass over everything (runs on the loop thread)
     * @param tick the periodic work (runs on the loop thread, before a pass)
     */
    ReconcileLoop(String name, Runnable pass, Runnable tick) {
        this.pass = pass;
        this.tick = tick;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            loopThread = t;
            return t;
        });
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-timers");
            t.setDaemon(true);
            return t;
        });
    }

    void start(Duration tickPeriod) {
        timers.scheduleWithFixedDelay(() -> post(tick), tickPeriod.toMillis(), tickPeriod.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Runs {@code event} on the loop, then a pass (one pass for all events queued meanwhile). */
    void post(Runnable event) {
        try {
            thread.execute(() -> {
                run(event);
                schedulePass();
            });
        } catch (RejectedExecutionException stopped) {
            // the loop is stopped: nothing to change any more
        }
    }

    /** Runs {@code event} on the loop after {@code delay}. */
    void postLater(Duration delay, Runnable event) {
        try {
            timers.schedule(() -> post(event), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // stopped
        }
    }

    /**
     * Runs {@code event} on the loop and waits for its answer: for callers (agent requests) that must
     * see their change applied before they return. The loop never blocks, so the wait is short.
     */
    <T> T call(Callable<T> event) throws ExecutionException {
        if (onLoop()) {
            try {
                return event.call();
            } catch (Exception e) {
                throw new ExecutionException(e);
            }
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    answer.complete(event.call());
                } catch (Throwable t) {
                    answer.completeExceptionally(t);
                }
                schedulePass();
            });
        } catch (RejectedExecutionException stopped) {
            // a stopped loop answers at once rather than after the 30 s wait
            throw new ExecutionException(new IllegalStateException("the node is stopping"));
        }
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(e);
        } catch (TimeoutException e) {
            throw new ExecutionException(new IllegalStateException("the controller did not answer within 30 s"));
        }
    }

    boolean onLoop() {
        return Thread.currentThread() == loopThread;
    }

    /** Fails a change of controller state made anywhere but on the loop thread. */
    void assertOnLoop() {
        if (!onLoop()) {
            throw new IllegalStateException("controller state changed off the reconcile thread (on "
                    + Thread.currentThread().getName() + "): post an event instead");
        }
    }

    boolean stopped() {
        return thread.isShutdown();
    }

    void stop() {
        timers.shutdownNow();
        thread.shutdownNow();
    }

    private void schedulePass() {
        if (passQueued.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    passQueued.set(false);
                    run(pass);
                });
            } catch (RejectedExecutionException stopped) {
                passQueued.set(false);
            }
        }
    }

    private static void run(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | LinkageError e) {
            // a bug in one step must not stop the loop: the next pass looks at the world again
            LOG.log(Level.WARNING, "a controller step failed", e);
        }
    }
}
