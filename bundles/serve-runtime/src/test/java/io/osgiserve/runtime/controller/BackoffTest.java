package io.osgiserve.runtime.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final long S = 1_000_000_000L;

    @Test
    void theDelayStartsAtOneSecondAndDoublesUpToSixtySeconds() {
        Backoff b = new Backoff();
        long[] expected = {1, 2, 4, 8, 16, 32, 60, 60};
        for (long e : expected) {
            assertEquals(Duration.ofSeconds(e), b.failed(0));
        }
        assertEquals(8, b.failures());
    }

    @Test
    void anAttemptWaitsOutTheDelayOfTheLastFailure() {
        Backoff b = new Backoff();
        assertTrue(b.ready(0), "nothing failed yet");
        b.failed(10 * S);
        assertFalse(b.ready(10 * S + S / 2));
        assertTrue(b.ready(11 * S));
    }

    @Test
    void aSuccessForgetsTheFailures() {
        Backoff b = new Backoff();
        b.failed(0);
        b.failed(0);
        b.succeeded();
        assertTrue(b.ready(0));
        assertEquals(0, b.failures());
        assertEquals(Duration.ofSeconds(1), b.failed(0));
    }
}
