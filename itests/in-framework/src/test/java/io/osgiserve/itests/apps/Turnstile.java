package io.osgiserve.itests.apps;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where {@link SlowStand}'s requests wait: each holds until the test opens the gate or its hold time
 * runs out, and the turnstile counts how many are inside at once. The tests reset it before use.
 */
public final class Turnstile {
    private static final AtomicInteger INSIDE = new AtomicInteger();
    private static final AtomicInteger MOST_INSIDE = new AtomicInteger();
    private static final AtomicInteger ENTERED = new AtomicInteger();
    private static volatile CountDownLatch gate = new CountDownLatch(0);
    private static volatile long holdMillis;

    private Turnstile() {
    }

    /** Closes the gate; from now on each request holds for up to {@code millis}, unless the gate opens. */
    public static void reset(long millis) {
        INSIDE.set(0);
        MOST_INSIDE.set(0);
        ENTERED.set(0);
        holdMillis = millis;
        gate = new CountDownLatch(1);
    }

    /** Lets every held request, and every later one, through at once. */
    public static void open() {
        gate.countDown();
    }

    /** The most requests that were inside at the same time. */
    public static int mostInside() {
        return MOST_INSIDE.get();
    }

    /** How many requests have come in since the last reset. */
    public static int entered() {
        return ENTERED.get();
    }

    static String pass() throws InterruptedException {
        int now = INSIDE.incrementAndGet();
        MOST_INSIDE.accumulateAndGet(now, Math::max);
        ENTERED.incrementAndGet();
        try {
            gate.await(holdMillis, TimeUnit.MILLISECONDS);
            return "passed";
        } finally {
            INSIDE.decrementAndGet();
        }
    }
}
