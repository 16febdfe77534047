package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * During a code update two versions of the same classes run side by side. A replica of the old code
 * calls replicas of the old code of its targets, so a user type (a {@code Quote} record the stand
 * returns to the market) never meets a class of the other version: under a steady load, no request
 * fails while both deployments roll over to the new code.
 */
class CodeUpdateUserTypesTest extends NodeTestSupport {
    private static final int CLIENTS = 4;
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(30);
    private static final int SETTLE_REQUESTS = 40;

    @Test
    void aUserTypePassedBetweenDeploymentsSurvivesACodeUpdateOfBothUnderLoad() throws Exception {
        ServeHttp http = new ServeHttp(context);
        Path dir = context.getDataFile("quote-" + System.nanoTime()).toPath();
        Bundle tester = context.getBundle();
        String imports = "io.osgiserve.api;version=\"[1.0,2)\"";
        String module = "quote=io.osgiserve.itests.quote.QuoteApp";
        Path v1 = CodeJars.bundleOfPackage(tester, "io/osgiserve/itests/quote", "itest-quote", imports, module,
                dir.resolve("quote-v1.jar"), "v1");
        Path v2 = CodeJars.bundleOfPackage(tester, "io/osgiserve/itests/quote", "itest-quote", imports, module,
                dir.resolve("quote-v2.jar"), "v2");
        Map<String, Object> app = quoteApp(v1);
        http.deploy(app);
        awaitRunning();
        assertEquals(6, price("[\"MANGO\", 2]"));
        Map<String, Set<String>> before = allReplicaIds();

        try (SteadyLoad load = SteadyLoad.start(http, "/", "[\"MANGO\", 2]", "6", CLIENTS, LOAD_LIMIT)) {
            await("the load to flow").atMost(LOAD_LIMIT).until(() -> load.answered() >= SETTLE_REQUESTS);
            http.deploy(quoteApp(v2));
            await("both deployments rolled over to the new code").atMost(LOAD_LIMIT).untilAsserted(() -> {
                assertTrue(load.running(), "the load hit its time limit before the update rolled over");
                for (String d : List.of("QuoteStand", "QuoteMarket")) {
                    Set<String> kept = new HashSet<>(before.get(d));
                    kept.retainAll(http.replicaIds(d));
                    assertTrue(kept.isEmpty(), () -> d + " replicas of the old code still there: " + kept);
                }
            });
            awaitRunning();
            int rolled = load.answered();
            await("more requests after the roll-over").atMost(LOAD_LIMIT).until(() -> load.answered() >= rolled + SETTLE_REQUESTS);
            load.close();
            List<String> failures = load.failures();
            assertEquals(0, failures.size(), () -> failures.size() + " requests failed during the code update; the first: "
                    + failures.subList(0, Math.min(5, failures.size())));
        }
    }

    private static Map<String, Object> quoteApp(Path code) {
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("import_path", "quote:app");
        app.put("runtime_env", Map.of("working_dir", code.toUri().toString()));
        List<Object> deployments = new java.util.ArrayList<>();
        // graceful_shutdown_wait_loop_s stays at its default (2 s): a replica that left the routes still
        // answers calls that were already on their way to it (with 0 it may close under one of them)
        for (String name : List.of("QuoteStand", "QuoteMarket", "DAGDriver")) {
            deployments.add(new LinkedHashMap<>(Map.of("name", name)));
        }
        app.put("deployments", deployments);
        return app;
    }
}
