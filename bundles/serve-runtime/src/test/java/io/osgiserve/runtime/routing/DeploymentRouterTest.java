package io.osgiserve.runtime.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.node.OverloadedException;
import io.osgiserve.node.ReplicaFailedException;
import io.osgiserve.runtime.replica.Replica;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeploymentRouterTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(32);

    /** A deployment whose method blocks until the test opens the gate, counting how many run at once. */
    public static final class Gate {
        static final AtomicInteger running = new AtomicInteger();
        static final AtomicInteger maxRunning = new AtomicInteger();
        static volatile CountDownLatch open = new CountDownLatch(0);

        public Object work(Object x) throws InterruptedException {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            try {
                open.await(30, TimeUnit.SECONDS);
                return x;
            } finally {
                running.decrementAndGet();
            }
        }

        public int count(int n) {
            return n;
        }

        public Object fail() {
            throw new IllegalStateException("boom");
        }
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Replica replica(String id) throws Exception {
        Replica r = new Replica(id, "Gate", pool, pool);
        r.start(Gate::new, null, 0);
        r.ready().get(10, TimeUnit.SECONDS);
        return r;
    }

    @Test
    void maxConcurrentQueriesIsNeverExceededAndQueuedCallsAllComplete() throws Exception {
        Gate.maxRunning.set(0);
        Gate.open = new CountDownLatch(1);
        DeploymentRouter router = new DeploymentRouter("Gate", 1, 100);
        router.replicas(List.of(replica("Gate#a")));
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(router.call("work", new Object[] {i}));
        }
        assertEquals(19, router.queued());
        Gate.open.countDown();
        for (int i = 0; i < 20; i++) {
            assertEquals(i, calls.get(i).get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, Gate.maxRunning.get());
    }

    @Test
    void aFullQueueIsRefusedAtOnceWithOverloaded() throws Exception {
        Gate.open = new CountDownLatch(1);
        DeploymentRouter router = new DeploymentRouter("Gate", 1, 2);
        router.replicas(List.of(replica("Gate#a")));
        CompletableFuture<Object> first = router.call("work", new Object[] {1});
        router.call("work", new Object[] {2});
        router.call("work", new Object[] {3});
        CompletableFuture<Object> refused = router.call("work", new Object[] {4});
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> refused.get(1, TimeUnit.SECONDS));
        assertInstanceOf(OverloadedException.class, e.getCause());
        Gate.open.countDown();
        assertEquals(1, first.get(10, TimeUnit.SECONDS));
    }

    @Test
    void callsWaitForAReplicaAndGoOutWhenOneArrives() throws Exception {
        Gate.open = new CountDownLatch(0);
        DeploymentRouter router = new DeploymentRouter("Gate", 5, 100);
        CompletableFuture<Object> waiting = router.call("work", new Object[] {"x"});
        assertTrue(!waiting.isDone());
        router.replicas(List.of(replica("Gate#a")));
        assertEquals("x", waiting.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aCallNoReplicaTakesFailsAfterTheMaximumWaitInsteadOfHanging() throws Exception {
        DeploymentRouter router = new DeploymentRouter("Gate", 1, 10, java.time.Duration.ofMillis(200));
        CompletableFuture<Object> waiting = router.call("work", new Object[] {"x"});
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> waiting.get(10, TimeUnit.SECONDS));
        assertInstanceOf(OverloadedException.class, e.getCause());
        assertThat(e.getCause().getMessage()).contains("no replica of Gate took the request");
        assertEquals(0, router.queued());
    }

    @Test
    void busyReplicasAreAvoided() throws Exception {
        Gate.open = new CountDownLatch(1);
        Replica a = replica("Gate#a");
        Replica b = replica("Gate#b");
        DeploymentRouter router = new DeploymentRouter("Gate", 100, 100);
        router.replicas(List.of(a, b));
        for (int i = 0; i < 40; i++) {
            router.call("work", new Object[] {i});
        }
        // least in-flight of two choices keeps the two replicas close to even
        assertThat(Math.abs(a.inFlight() - b.inFlight())).isLessThanOrEqualTo(10);
        Gate.open.countDown();
    }

    @Test
    void argumentsThatFitNoMethodArriveAsBadArguments() throws Exception {
        DeploymentRouter router = new DeploymentRouter("Gate", 1, 10);
        router.replicas(List.of(replica("Gate#a")));
        ExecutionException none = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> router.call("work", new Object[] {1, 2}).get(10, TimeUnit.SECONDS));
        assertInstanceOf(io.osgiserve.node.BadArgumentsException.class, none.getCause());
        assertThat(none.getCause().getMessage()).contains("no public method work taking 2");
        ExecutionException wrongType = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> router.call("count", new Object[] {"two"}).get(10, TimeUnit.SECONDS));
        assertInstanceOf(io.osgiserve.node.BadArgumentsException.class, wrongType.getCause());
        assertThat(wrongType.getCause().getMessage()).contains("Gate.count cannot take (String)");
    }

    @Test
    void aUserExceptionArrivesAsReplicaFailedNamingIt() throws Exception {
        DeploymentRouter router = new DeploymentRouter("Gate", 1, 10);
        router.replicas(List.of(replica("Gate#a")));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> router.call("fail", new Object[0]).get(10, TimeUnit.SECONDS));
        assertInstanceOf(ReplicaFailedException.class, e.getCause());
        assertThat(e.getCause().getMessage()).isEqualTo("java.lang.IllegalStateException: boom");
        // the slot was given back: the replica takes the next call
        Gate.open = new CountDownLatch(0);
        assertEquals("ok", router.call("work", new Object[] {"ok"}).get(10, TimeUnit.SECONDS));
    }
}
