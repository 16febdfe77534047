package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

/** Options other than user_config and num_replicas replace replicas; new code replaces them all. */
class ReplacementTest extends NodeTestSupport {

    @Test
    void maxConcurrentQueriesChangeReplacesOnlyThatDeploymentsReplicas() throws Exception {
        Map<String, Object> app = Configs.fruitWithoutShutdownWait();
        deploy(app);
        awaitRunning();
        Map<String, Set<String>> before = allReplicaIds();

        Configs.deployment(app, "MangoStand").put("max_concurrent_queries", 50);
        deploy(app);

        await("MangoStand's replicas replaced").atMost(DEPLOY_TIMEOUT).untilAsserted(() -> {
            Set<String> mango = replicaIds("MangoStand");
            assertEquals(2, mango.size(), () -> "MangoStand replicas: " + mango);
            assertDisjoint(before.get("MangoStand"), mango, "MangoStand replica ids");
        });
        awaitRunning();
        Map<String, Set<String>> after = allReplicaIds();
        for (String other : List.of("OrangeStand", "PearStand", "FruitMarket", "DAGDriver")) {
            assertEquals(before.get(other), after.get(other), other + " replica ids after changing MangoStand only");
        }
        assertEquals(6, price("[\"MANGO\", 2]"));
    }

    @Test
    void runtimeEnvChangeInstallsNewCodeReplacesEveryReplicaAndUninstallsTheOldCode() throws Exception {
        Bundle fruit = Bundles.bySymbolicName(context, "serve-example-fruit");
        assertNotNull(fruit, "serve-example-fruit is not installed");
        Path dir = context.getDataFile("code-" + System.nanoTime()).toPath();
        Path v1 = CodeJars.copyOf(fruit, dir.resolve("fruit-v1.jar"), "v1");
        Path v2 = CodeJars.copyOf(fruit, dir.resolve("fruit-v2.jar"), "v2");
        Set<Long> beforeDeploys = bundleIds();

        Map<String, Object> app = Configs.fruitWithoutShutdownWait();
        app.put("runtime_env", Map.of("working_dir", v1.toUri().toString()));
        deploy(app);
        awaitRunning();
        List<Bundle> firstCode = installedSince(beforeDeploys);
        assertEquals(1, firstCode.size(), () -> "bundles installed for working_dir v1: " + firstCode);
        Bundle old = firstCode.get(0);
        assertEquals("serve-example-fruit", old.getSymbolicName());
        assertEquals(6, price("[\"MANGO\", 2]"));
        Map<String, Set<String>> before = allReplicaIds();

        List<BundleEvent> codeEvents = new CopyOnWriteArrayList<>();
        // synchronous: recorded when it happens, not after the listener may already be gone (Felix delivers
        // plain BundleListener events later, on its event thread)
        BundleListener recorder = (org.osgi.framework.SynchronousBundleListener) e -> {
            if (e.getType() == BundleEvent.INSTALLED || e.getType() == BundleEvent.UNINSTALLED) {
                codeEvents.add(e);
            }
        };
        context.addBundleListener(recorder);
        try {
            app.put("runtime_env", Map.of("working_dir", v2.toUri().toString()));
            deploy(app);

            await("the v1 code bundle uninstalled after the switch").atMost(DEPLOY_TIMEOUT).untilAsserted(() -> {
                assertNull(context.getBundle(old.getBundleId()), () -> "still installed: " + old);
                assertEquals("RUNNING", appStatus(), () -> "status: " + node().status());
            });
        } finally {
            context.removeBundleListener(recorder);
        }
        awaitRunning();
        List<Bundle> secondCode = installedSince(beforeDeploys);
        assertEquals(1, secondCode.size(), () -> "bundles installed for working_dir v2: " + secondCode);
        assertNotEquals(old.getBundleId(), secondCode.get(0).getBundleId());
        Bundle current = secondCode.get(0);
        assertEquals(List.of("INSTALLED " + current.getBundleId(), "UNINSTALLED " + old.getBundleId()),
                codeEvents.stream().map(e -> (e.getType() == BundleEvent.INSTALLED ? "INSTALLED " : "UNINSTALLED ")
                        + e.getBundle().getBundleId()).toList(),
                "the new code is installed beside the old, and the old uninstalled after");
        assertTrue((current.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE)) != 0,
                () -> "the v2 code bundle is not resolved: " + current);
        Map<String, Set<String>> after = allReplicaIds();
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, ids) -> assertDisjoint(ids, after.get(name), name + " replica ids after new code"));
        assertEquals(6, price("[\"MANGO\", 2]"));
    }

    private static void assertDisjoint(Set<String> before, Set<String> after, String what) {
        Set<String> kept = new HashSet<>(before);
        kept.retainAll(after);
        assertTrue(kept.isEmpty(), () -> what + ": " + kept + " survived, expected all replaced (" + before + " -> "
                + after + ")");
    }
}
