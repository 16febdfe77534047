package io.osgiserve.runtime.controller;

import java.time.Duration;

/**
 * Failures of one step in a row, and when to try again: 1 s after the first, doubling, at most 60 s.
 * A success forgets the failures. Plain state, used on the loop thread only.
 */
final class Backoff {
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration CAP = Duration.ofSeconds(60);

    private int failures;
    private long nextAttemptNanos;
    private long nextDelayNanos;

    /** Records a failure at {@code now}; returns the delay until the next attempt. */
    Duration failed(long now) {
        failures++;
        long delay = FIRST.toNanos();
        for (int i = 1; i < failures && delay < CAP.toNanos(); i++) {
            delay *= 2;
        }
        nextDelayNanos = Math.min(delay, CAP.toNanos());
        nextAttemptNanos = now + nextDelayNanos;
        return Duration.ofNanos(nextDelayNanos);
    }

    void succeeded() {
        failures = 0;
        nextAttemptNanos = 0;
        nextDelayNanos = 0;
    }

    /** True when no failure is waiting out its delay at {@code now}. */
    boolean ready(long now) {
        return failures == 0 || now - nextAttemptNanos >= 0;
    }

    int failures() {
        return failures;
    }

    /** The delay set by the last failure (zero after a success). */
    Duration delay() {
        return Duration.ofNanos(nextDelayNanos);
    }
}
