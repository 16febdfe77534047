package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/** Shutting the application down leaves nothing of it behind. */
class ShutdownTest extends NodeTestSupport {

    @Test
    void shutdownRemovesTheRoutesAndUninstallsTheCodeItInstalled() throws Exception {
        Path jar = CodeJars.copyOf(Bundles.bySymbolicName(context, "serve-example-fruit"),
                context.getDataFile("code-" + System.nanoTime()).toPath().resolve("fruit.jar"), "shutdown");
        Set<Long> before = bundleIds();
        Map<String, Object> app = Configs.fruitWithoutShutdownWait();
        app.put("runtime_env", Map.of("working_dir", jar.toUri().toString()));
        deploy(app);
        awaitRunning();
        List<Bundle> code = installedSince(before);
        assertEquals(1, code.size(), () -> "bundles installed for working_dir: " + code);

        node().shutdown();

        assertEquals("NOT_STARTED", appStatus());
        assertTrue(node().routes().isEmpty(), "routes after shutdown");
        assertTrue(node().goal().isEmpty(), "goal after shutdown");
        await("the code bundle uninstalled after shutdown").atMost(DEPLOY_TIMEOUT)
                .untilAsserted(() -> assertNull(context.getBundle(code.get(0).getBundleId()),
                        () -> "still installed: " + code.get(0)));
    }
}
