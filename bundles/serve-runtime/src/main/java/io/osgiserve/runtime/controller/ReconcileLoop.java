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

    /** How long a pass may wait for events still queued, to look at all of them at once. */
    static final Duration PASS_DEFERRAL = Duration.ofMillis(10);

    private final long passDeferralNanos;
    private final ExecutorService thread;
    private final java.util.concurrent.BlockingQueue<Runnable> queue = new java.util.concurrent.LinkedBlockingQueue<>();
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
        this(name, pass, tick, PASS_DEFERRAL);
    }

    ReconcileLoop(String name, Runnable pass, Runnable tick, Duration passDeferral) {
        this.passDeferralNanos = passDeferral.toNanos();
        this.pass = pass;
        this.tick = tick;
        this.thread = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, queue, r -> {
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
        return call(event, true);
    }

    /** As {@link #call}, for an event that changes nothing (a status read): no pass follows it. */
    <T> T read(Callable<T> query) throws ExecutionException {
        return call(query, false);
    }

    private <T> T call(Callable<T> event, boolean thenPass) throws ExecutionException {
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
                if (thenPass) {
                    schedulePass();
                }
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
            queuePass(System.nanoTime());
        }
    }

    /**
     * Queues the pass behind the events there are. When it comes up and more events arrived meanwhile
     * (replicas that finished one after the other), it goes behind them once more, for at most
     * {@link #PASS_DEFERRAL}: one pass then sees them all, instead of a pass over every
     * replica after each.
     */
    private void queuePass(long requested) {
        try {
            thread.execute(() -> {
                if (!queue.isEmpty() && System.nanoTime() - requested < passDeferralNanos) {
                    queuePass(requested);
                    return;
                }
                passQueued.set(false);
                run(pass);
            });
        } catch (RejectedExecutionException stopped) {
            passQueued.set(false);
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
