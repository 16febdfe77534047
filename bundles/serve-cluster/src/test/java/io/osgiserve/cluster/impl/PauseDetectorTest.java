package io.osgiserve.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PauseDetectorTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final PauseDetector detector = new PauseDetector(clock::get, 100, 500);

    @Test
    void regularTicksAreNoPause() {
        for (int i = 0; i < 10; i++) {
            clock.addAndGet(90);
            detector.tick();
        }
        assertThat(detector.paused()).isFalse();
    }

    @Test
    void aGapIsSeenBeforeTheNextTickAndHoldsDecisionsForTheHoldTime() {
        clock.addAndGet(5_000);
        assertThat(detector.paused()).isTrue();
        detector.tick();
        clock.addAndGet(90);
        detector.tick();
        assertThat(detector.paused()).isTrue();
        for (int i = 0; i < 5; i++) {
            clock.addAndGet(90);
            detector.tick();
        }
        assertThat(detector.paused()).isFalse();
    }

    @Test
    void aTickAfterTheGapStillReportsThePause() {
        clock.addAndGet(5_000);
        detector.tick();
        assertThat(detector.paused()).isTrue();
    }
}
