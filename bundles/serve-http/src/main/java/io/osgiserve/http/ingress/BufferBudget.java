package io.osgiserve.http.ingress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-wide bound on request body bytes the ingress holds: each request reserves what it buffers
 * and gives it back once its answer is written, so many large or slow requests together cannot fill
 * the heap.
 */
final class BufferBudget {

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    BufferBudget(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes} if they fit under the limit; false (and nothing taken) otherwise. */
    boolean tryReserve(long bytes) {
        long now;
        do {
            now = held.get();
            if (now + bytes > limit) {
                return false;
            }
        } while (!held.compareAndSet(now, now + bytes));
        return true;
    }

    /** Whether {@code bytes} would fit now (a request that declares its length is refused before it is read). */
    boolean fits(long bytes) {
        return held.get() + bytes <= limit;
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    long held() {
        return held.get();
    }

    long limit() {
        return limit;
    }
}
