package io.osgiserve.runtime.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicaTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    /** A close hook that runs until the test releases it, and notes whether it was cut short. */
    public static final class SlowClose {
        final CountDownLatch closing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger closes = new AtomicInteger();
        volatile boolean interrupted;

        public void close() {
            closes.incrementAndGet();
            closing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    /** A checkHealth that hangs until interrupted. */
    public static final class HangingCheck {
        final CountDownLatch checking = new CountDownLatch(1);
        final AtomicInteger closes = new AtomicInteger();

        public void checkHealth() throws InterruptedException {
            checking.countDown();
            new CountDownLatch(1).await();
        }

        public void close() {
            closes.incrementAndGet();
        }
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Replica started(Object user) throws Exception {
        Replica r = new Replica("D#1", "D", pool, pool);
        r.start(() -> user, null, 0);
        r.ready().get(10, TimeUnit.SECONDS);
        return r;
    }

    @Test
    void closingTwiceRunsTheCloseHookOnceAndDoesNotCutItShort() throws Exception {
        SlowClose user = new SlowClose();
        Replica r = started(user);

        var first = r.close();
        user.closing.await(10, TimeUnit.SECONDS);
        var second = r.close();
        user.release.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);

        assertEquals(1, user.closes.get());
        assertThat(user.interrupted).as("the close hook was interrupted by the second close").isFalse();
    }

    @Test
    void closingInterruptsAHungHealthCheckSoTheCloseHookRuns() throws Exception {
        HangingCheck user = new HangingCheck();
        Replica r = started(user);
        var check = r.checkHealth(Duration.ofMinutes(1));
        user.checking.await(10, TimeUnit.SECONDS);

        r.close().get(10, TimeUnit.SECONDS);

        assertEquals(1, user.closes.get());
        assertThat(check).isCompletedExceptionally();
    }

    @Test
    void aHealthCheckStillOutIsNotQueuedAgainAndCountsOnlyPastItsTimeout() throws Exception {
        HangingCheck user = new HangingCheck();
        Replica r = started(user);
        var first = r.checkHealth(Duration.ofMinutes(1));
        user.checking.await(10, TimeUnit.SECONDS);

        assertThat(r.checkHealth(Duration.ofMinutes(1))).as("within its timeout: nothing to count").isNull();
        assertThat(r.checkHealth(Duration.ZERO)).as("past its timeout: a failure").isCompletedExceptionally();
        assertThat(first).isNotDone();
        r.close().get(10, TimeUnit.SECONDS);
    }
}
