package io.osgiserve.runtime.replica;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** Runs tasks one at a time, in order, on a shared executor: one replica's lifecycle steps never overlap. */
final class SerialExecutor implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final Executor delegate;
    private Runnable active;
    private Thread running;

    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(() -> {
            synchronized (this) {
                running = Thread.currentThread();
            }
            try {
                task.run();
            } finally {
                synchronized (this) {
                    running = null;
                    Thread.interrupted(); // an interrupt meant for this task must not reach the pool's next one
                }
                next();
            }
        });
        if (active == null) {
            next();
        }
    }

    /** Interrupts the task that runs now, if one does; the tasks queued after it run as usual. */
    synchronized void interruptRunning() {
        if (running != null) {
            running.interrupt();
        }
    }

    private synchronized void next() {
        active = tasks.poll();
        if (active != null) {
            try {
                delegate.execute(active);
            } catch (RuntimeException rejected) {
                // the executor is shutting down: drop what is queued rather than stay stuck
                tasks.clear();
                active = null;
            }
        }
    }
}
