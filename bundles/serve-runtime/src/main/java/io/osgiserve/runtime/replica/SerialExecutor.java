package io.osgiserve.runtime.replica;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** Runs tasks one at a time, in order, on a shared executor: one replica's lifecycle steps never overlap. */
final class SerialExecutor implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final Executor delegate;
    private Runnable active;

    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(() -> {
            try {
                task.run();
            } finally {
                next();
            }
        });
        if (active == null) {
            next();
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
