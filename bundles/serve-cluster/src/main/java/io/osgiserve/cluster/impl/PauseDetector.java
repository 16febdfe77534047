package io.osgiserve.cluster.impl;

import java.util.function.LongSupplier;

/**
 * Notices that this process stood still (SIGSTOP, a long GC, a suspended VM): a member that was frozen
 * may have been given up by the others and still believe it leads, so after a pause it decides nothing
 * until the cluster has had time to tell it where it stands.
 */
final class PauseDetector {
    private final LongSupplier nanos;
    private final long maxGapNanos;
    private final long holdNanos;
    private long lastTick;
    private long holdUntil;
    private boolean holding;

    /**
     * @param maxGapNanos a gap between ticks longer than this is a pause
     * @param holdNanos how long after a pause the member decides nothing
     */
    PauseDetector(LongSupplier nanos, long maxGapNanos, long holdNanos) {
        this.nanos = nanos;
        this.maxGapNanos = maxGapNanos;
        this.holdNanos = holdNanos;
        this.lastTick = nanos.getAsLong();
    }

    /** Called often (every few hundred ms) by a timer. */
    synchronized void tick() {
        paused();
        lastTick = nanos.getAsLong();
    }

    /** Whether the process paused recently: checked before each decision, so a tick that has not run yet still counts. */
    synchronized boolean paused() {
        long now = nanos.getAsLong();
        if (now - lastTick > maxGapNanos) {
            holding = true;
            holdUntil = now + holdNanos;
            lastTick = now;
        }
        if (holding && now - holdUntil >= 0) {
            holding = false;
        }
        return holding;
    }
}
