package io.osgiserve.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osgiserve.api.ApplicationGraph;
import io.osgiserve.api.Deployment;
import io.osgiserve.config.DeploymentConfig;
import io.osgiserve.config.ImportPath;
import io.osgiserve.runtime.replica.Replica;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One deployment's rollout without a controller: a loop whose pass reconciles one set. */
class ReplicaSetTest {
    /** The test opens and closes the gates; the counters say what the replicas do. */
    public static final class Stand {
        static volatile CountDownLatch constructorGate = new CountDownLatch(0);
        static volatile CountDownLatch reconfigureGate = new CountDownLatch(0);
        static final AtomicInteger reconfiguring = new AtomicInteger();
        static final AtomicInteger mostReconfiguringAtOnce = new AtomicInteger();

        public Stand() throws InterruptedException {
            constructorGate.await(30, TimeUnit.SECONDS);
        }

        public void reconfigure(Map<String, Object> config) throws InterruptedException {
            int now = reconfiguring.incrementAndGet();
            mostReconfiguringAtOnce.accumulateAndGet(now, Math::max);
            try {
                reconfigureGate.await(30, TimeUnit.SECONDS);
            } finally {
                reconfiguring.decrementAndGet();
            }
        }
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(32);
    private final Map<String, ReplicaSet.Member> byId = new HashMap<>();
    private final List<String> deleted = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private ReplicaSet set;
    private final ReconcileLoop loop = new ReconcileLoop("test-loop", () -> {
        if (set != null) {
            set.reconcile(System.nanoTime());
        }
    }, () -> { });
    private long versions;

    @BeforeEach
    void setUp() {
        Stand.constructorGate = new CountDownLatch(0);
        Stand.reconfigureGate = new CountDownLatch(0);
        Stand.mostReconfiguringAtOnce.set(0);
        ReplicaSet.ReplicaSupply supply = new ReplicaSet.ReplicaSupply() {
            @Override
            public Replica newReplica(String app, String deployment, String code) {
                return new Replica(deployment + "#" + ids.incrementAndGet(), deployment, code, pool, pool);
            }

            @Override
            public void create(ReplicaConfig config, Replica replica) {
                loop.post(() -> {
                    ReplicaSet.Member m = byId.get(config.replicaId());
                    if (m != null) {
                        m.set.attached(m);
                    }
                });
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> dispose(Replica replica) {
                deleted.add(replica.id());
                return replica.close();
            }
        };
        set = new ReplicaSet("Stand",
                new ReplicaSet.Runtime(loop, "default", supply, new ConcurrentHashMap<>(), byId, Duration.ofSeconds(20)));
    }

    @AfterEach
    void tearDown() {
        loop.stop();
        Stand.constructorGate.countDown();
        Stand.reconfigureGate.countDown();
        pool.shutdownNow();
    }

    private DeploymentSpec spec(String code, Map<String, Object> options) throws Exception {
        return new DeploymentSpec("Stand", ++versions, Deployment.of(Stand.class).name("Stand").bind(),
                DeploymentConfig.of("Stand", options), code(code), Map.of());
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> c) throws Exception {
        return loop.call(c);
    }

    private void define(DeploymentSpec spec, int target) throws Exception {
        onLoop(() -> {
            set.define(spec, target, 100);
            return null;
        });
        loop.post(() -> { });
    }

    private long running(String code) throws Exception {
        return onLoop(() -> set.members().stream()
                .filter(m -> m.phase == ReplicaSet.Phase.RUNNING && m.spec.codeIdentity().equals(code)).count());
    }

    @Test
    void aNewVersionStartsAtMostTwentyPercentAtATimeWhileTheOldReplicasServe() throws Exception {
        define(spec("v1", Map.of("graceful_shutdown_wait_loop_s", 0)), 5);
        await().atMost(Duration.ofSeconds(20)).until(() -> onLoop(set::atTarget));
        Stand.constructorGate = new CountDownLatch(1);
        define(spec("v2", Map.of("graceful_shutdown_wait_loop_s", 0)), 5);
        await().atMost(Duration.ofSeconds(20)).until(() -> onLoop(() -> set.members().size()) == 6);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> onLoop(() ->
                set.members().size() == 6 && set.router.replicas().size() == 5));
        Stand.constructorGate.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> onLoop(set::atTarget));
        assertThat(running("v2")).isEqualTo(5);
        assertThat(running("v1")).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> deleted.size() == 5);
    }

    @Test
    void rollingUpdatePercentageSetsHowManyNewReplicasStartAtATime() throws Exception {
        define(spec("v1", Map.of("graceful_shutdown_wait_loop_s", 0)), 4);
        await().atMost(Duration.ofSeconds(20)).until(() -> onLoop(set::atTarget));
        Stand.constructorGate = new CountDownLatch(1);
        // a multi-application config's field
        define(new DeploymentSpec("Stand", ++versions, Deployment.of(Stand.class).name("Stand").bind(),
                DeploymentConfig.of(io.osgiserve.config.ConfigForm.MULTI_APP, "Stand",
                        Map.of("graceful_shutdown_wait_loop_s", 0, "rolling_update_percentage", 0.5)), code("v2"), Map.of()), 4);
        // half of 4 start at once (20% would start one)
        await().atMost(Duration.ofSeconds(20)).until(() -> onLoop(() -> set.members().size()) == 6);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> onLoop(() -> set.members().size() == 6));
        Stand.constructorGate.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> onLoop(set::atTarget));
        assertThat(running("v2")).isEqualTo(4);
    }

    @Test
    void aNewUserConfigReachesTheReplicasInWavesOfTwentyPercent() throws Exception {
        DeploymentSpec v1 = spec("v1", Map.of("user_config", Map.of("price", 1)));
        define(v1, 10);
        await().atMost(Duration.ofSeconds(20)).until(() -> onLoop(set::atTarget));
        Stand.reconfigureGate = new CountDownLatch(1);
        onLoop(() -> {
            set.awaitUserConfig(v1.lightweight(v1.node(), DeploymentConfig.of("Stand", Map.of("user_config", Map.of("price", 2)))));
            return null;
        });
        assertThat(onLoop(() -> {
            set.reconcile(System.nanoTime());
            return set.atTarget();
        })).as("waiting for the configuration to carry the user_config").isFalse();
        assertThat(Stand.reconfiguring.get()).isZero();
        onLoop(() -> {
            set.userConfigArrived("{\"price\":2}");
            return null;
        });
        loop.post(() -> { });
        await().atMost(Duration.ofSeconds(20)).until(() -> Stand.reconfiguring.get() == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> Stand.reconfiguring.get() == 2);
        Stand.reconfigureGate.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> onLoop(set::atTarget));
        assertThat(Stand.mostReconfiguringAtOnce.get()).isEqualTo(2);
        assertThat(onLoop(() -> set.members().stream().map(m -> m.replica.appliedVersion()).distinct().toList()))
                .hasSize(1);
    }

    @Test
    void aSmallerTargetRetiresTheNewestReplicasAndKeepsTheRest() throws Exception {
        define(spec("v1", Map.of("graceful_shutdown_wait_loop_s", 0)), 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> onLoop(set::atTarget));
        List<String> before = onLoop(() -> set.members().stream().map(ReplicaSet.Member::id).toList());
        onLoop(() -> {
            set.rescale(1);
            return null;
        });
        loop.post(() -> { });
        await().atMost(Duration.ofSeconds(20)).until(() -> onLoop(set::atTarget));
        assertThat(onLoop(() -> set.members().stream().map(ReplicaSet.Member::id).toList())).containsExactly(before.get(0));
    }

    @Test
    void duringACodeUpdateOldCodeReplicasStayUntilTheHoldIsReleased() throws Exception {
        define(spec("c1", Map.of("graceful_shutdown_wait_loop_s", 0)), 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> onLoop(set::atTarget));
        onLoop(() -> {
            set.holdOldCode(true);
            return null;
        });
        define(spec("c2", Map.of("graceful_shutdown_wait_loop_s", 0)), 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> onLoop(set::newVersionReady));
        loop.post(() -> { });
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> running("c1") == 2 && running("c2") == 2);
        onLoop(() -> {
            set.holdOldCode(false);
            return null;
        });
        loop.post(() -> { });
        await().atMost(Duration.ofSeconds(20)).until(() -> onLoop(set::atTarget));
        assertThat(running("c1")).isZero();
        assertThat(running("c2")).isEqualTo(2);
    }

    private static InstalledCode code(String id) {
        return new InstalledCode() {
            @Override
            public String identity() {
                return id;
            }

            @Override
            public ApplicationGraph load(ImportPath path) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
