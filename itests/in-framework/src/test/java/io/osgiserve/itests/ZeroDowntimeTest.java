package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * Replacing replicas under a steady load of concurrent HTTP requests drops none: every request sent
 * while the update rolls answers 200 with the right price.
 */
class ZeroDowntimeTest extends NodeTestSupport {
    private static final String TWO_MANGOS = "[\"MANGO\", 2]";
    private static final int CLIENTS = 4;
    /** The load stops by itself after this, whatever happens. */
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(20);
    /** Requests answered before the update is sent, and again after it has rolled over. */
    private static final int SETTLE_REQUESTS = 40;

    private ServeHttp http;

    @BeforeEach
    void client() {
        http = new ServeHttp(context);
    }

    @Test
    void maxConcurrentQueriesChangeRollsMangoStandOverWithoutAFailedRequest() throws Exception {
        Map<String, Object> app = Configs.fruitWithoutShutdownWait();
        http.deploy(app);
        awaitRunning();
        Set<String> before = http.replicaIds("MangoStand");

        Configs.deployment(app, "MangoStand").put("max_concurrent_queries", 50);
        List<String> failures = failuresWhileDeploying(app, () -> {
            Set<String> now = http.replicaIds("MangoStand");
            assertEquals(2, now.size(), () -> "MangoStand replicas: " + now);
            assertDisjoint(before, now, "MangoStand replica ids");
        });

        assertNoFailures(failures, "while MangoStand rolled over");
    }

    @Test
    void runtimeEnvSwitchToNewCodeRollsEveryDeploymentOverWithoutAFailedRequest() throws Exception {
        Bundle fruit = Bundles.bySymbolicName(context, "serve-example-fruit");
        assertNotNull(fruit, "serve-example-fruit is not installed");
        Path dir = context.getDataFile("code-" + System.nanoTime()).toPath();
        Path v1 = CodeJars.copyOf(fruit, dir.resolve("fruit-v1.jar"), "v1");
        Path v2 = CodeJars.copyOf(fruit, dir.resolve("fruit-v2.jar"), "v2");
        Map<String, Object> app = Configs.fruitWithoutShutdownWait();
        app.put("runtime_env", Map.of("working_dir", v1.toUri().toString()));
        http.deploy(app);
        awaitRunning();
        Map<String, Set<String>> before = allReplicaIds();

        app.put("runtime_env", Map.of("working_dir", v2.toUri().toString()));
        List<String> failures = failuresWhileDeploying(app, () -> {
            for (Map.Entry<String, Set<String>> deployment : before.entrySet()) {
                assertDisjoint(deployment.getValue(), http.replicaIds(deployment.getKey()),
                        deployment.getKey() + " replica ids");
            }
        });

        assertNoFailures(failures, "while the new code rolled over");
    }

    /**
     * Puts the load on, PUTs {@code app} once the load is flowing, waits until {@code rolledOver} holds
     * and the app is RUNNING again, keeps the load on a little longer, and returns its failures.
     */
    private List<String> failuresWhileDeploying(Map<String, Object> app, ThrowingRunnable rolledOver)
            throws Exception {
        try (SteadyLoad load = SteadyLoad.start(http, "/", TWO_MANGOS, "6", CLIENTS, LOAD_LIMIT)) {
            await("the load to flow").atMost(LOAD_LIMIT).until(() -> load.answered() >= SETTLE_REQUESTS);

            int atPut = load.answered();
            http.deploy(app);

            await("the update rolled over").atMost(LOAD_LIMIT).untilAsserted(() -> {
                assertTrue(load.running(), "the load hit its time limit before the update rolled over");
                rolledOver.run();
            });
            awaitRunning();
            int rolled = load.answered();
            assertTrue(rolled > atPut, "no request was answered while the update rolled over");
            await("more requests after the roll-over").atMost(LOAD_LIMIT).untilAsserted(() -> {
                assertTrue(load.running(), "the load hit its time limit before the update settled");
                assertTrue(load.answered() >= rolled + SETTLE_REQUESTS, "answered: " + load.answered());
            });
            load.close();
            assertTrue(load.answered() > 2 * SETTLE_REQUESTS, "requests answered: " + load.answered());
            return load.failures();
        }
    }

    private static void assertNoFailures(List<String> failures, String when) {
        assertEquals(0, failures.size(), () -> failures.size() + " requests failed " + when + "; the first: "
                + failures.subList(0, Math.min(5, failures.size())));
    }

    private static void assertDisjoint(Set<String> before, Set<String> after, String what) {
        Set<String> kept = new HashSet<>(before);
        kept.retainAll(after);
        assertTrue(kept.isEmpty(), () -> what + ": " + kept + " survived, expected all replaced (" + before + " -> "
                + after + ")");
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
