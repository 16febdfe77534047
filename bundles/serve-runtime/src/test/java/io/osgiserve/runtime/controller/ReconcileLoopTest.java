package io.osgiserve.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcileLoopTest {
    private final AtomicInteger passes = new AtomicInteger();
    private final AtomicInteger ticks = new AtomicInteger();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final ReconcileLoop loop = new ReconcileLoop("test-loop", () -> {
        passes.incrementAndGet();
        seen.add("pass");
    }, ticks::incrementAndGet);

    @AfterEach
    void stop() {
        loop.stop();
    }

    @Test
    void eventsRunInOrderOnTheLoopThreadAndAPassFollows() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        loop.post(() -> await().until(() -> hold.getCount() == 0));
        for (int i = 0; i < 5; i++) {
            int n = i;
            loop.post(() -> {
                loop.assertOnLoop();
                seen.add("event" + n);
            });
        }
        hold.countDown();
        await().untilAsserted(() -> assertThat(seen).contains("pass"));
        // the five events queued behind the first ran before one pass for all of them
        assertThat(seen.subList(0, 5)).containsExactly("event0", "event1", "event2", "event3", "event4");
        assertEquals("pass", seen.get(5));
    }

    @Test
    void anEventThatArrivesBehindAWaitingPassIsSeenByThatPass() {
        ReconcileLoop patient = new ReconcileLoop("patient-loop", () -> seen.add("pass"), () -> { }, Duration.ofMinutes(1));
        try {
            CountDownLatch hold = new CountDownLatch(1);
            patient.post(() -> await().until(() -> hold.getCount() == 0)); // its pass is queued behind the next event
            patient.post(() -> {
                seen.add("first");
                patient.post(() -> seen.add("second")); // queued behind that pass: a replica that finished just now
            });
            hold.countDown();
            await().untilAsserted(() -> assertThat(seen).contains("second", "pass"));
            assertThat(seen).containsExactly("first", "second", "pass");
        } finally {
            patient.stop();
        }
    }

    @Test
    void aChangeOffTheLoopThreadFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, loop::assertOnLoop);
        assertThat(e.getMessage()).contains("off the reconcile thread", Thread.currentThread().getName());
    }

    @Test
    void callWaitsForTheAnswerFromTheLoop() throws Exception {
        assertEquals("test-loop", loop.call(() -> Thread.currentThread().getName()));
    }

    @Test
    void ticksComeWithoutEvents() {
        loop.start(Duration.ofMillis(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.get() >= 3 && passes.get() >= 3);
    }

    @Test
    void aFailingStepDoesNotStopTheLoop() throws Exception {
        loop.post(() -> {
            throw new IllegalStateException("a bug");
        });
        assertEquals(42, (int) loop.call(() -> 42));
    }
}
