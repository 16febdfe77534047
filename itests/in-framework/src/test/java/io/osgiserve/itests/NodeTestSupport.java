package io.osgiserve.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.config.ConfigDocument;
import io.osgiserve.itests.apps.StandLedger;
import io.osgiserve.node.Route;
import io.osgiserve.node.ServeNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

/**
 * What every acceptance test needs: the node service (looked up afresh each time, so a test may
 * restart the runtime bundle), reading the status and details documents, calling the graph, and a
 * clean node before and after each test.
 */
abstract class NodeTestSupport {
    /** Long enough for a deploy with rolling replacement on a busy 2-core machine. */
    static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(60);

    /** The bundles of the test framework itself; anything else was installed by the node. */
    private static Set<Long> runBundles;

    @InjectBundleContext
    BundleContext context;

    @InjectService(cardinality = 0)
    ServiceAware<ServeNode> nodes;

    @BeforeEach
    void startFromNothing() throws Exception {
        noApplication();
        synchronized (NodeTestSupport.class) {
            if (runBundles == null) {
                runBundles = bundleIds();
            }
        }
        StandLedger.clear();
    }

    @AfterEach
    void leaveNothing() throws Exception {
        noApplication();
        // a test that failed half-way may leave code installed: keep it from the next test's module aliases
        for (Bundle b : context.getBundles()) {
            if (!runBundles.contains(b.getBundleId())) {
                try {
                    b.uninstall();
                } catch (IllegalStateException alreadyGone) {
                    // the node's code clean-up uninstalled it meanwhile
                }
            }
        }
    }

    private void noApplication() {
        node().shutdown();
        await("app status NOT_STARTED after shutdown").atMost(DEPLOY_TIMEOUT)
                .untilAsserted(() -> assertEquals("NOT_STARTED", appStatus(), () -> "status: " + node().status()));
    }

    /** The node service as it is now (a restarted runtime registers a new one). */
    ServeNode node() {
        try {
            ServeNode node = nodes.waitForService(SECONDS.toMillis(30));
            assertNotNull(node, "no ServeNode service within 30 s");
            return node;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for the ServeNode service", e);
        }
    }

    void deploy(ConfigDocument config) throws Exception {
        node().deploy(config);
    }

    void deploy(Map<String, Object> app) throws Exception {
        deploy(Configs.document(app));
    }

    // ------------------------------------------------------------------ the status documents

    Map<String, Object> appStatusDocument() {
        return map(node().status().get("app_status"));
    }

    String appStatus() {
        return (String) appStatusDocument().get("status");
    }

    String appMessage() {
        return (String) appStatusDocument().get("message");
    }

    /** {@code deployment_statuses} as name to status. */
    Map<String, String> deploymentStatuses() {
        Map<String, String> byName = new LinkedHashMap<>();
        for (Object o : list(node().status().get("deployment_statuses"))) {
            Map<String, Object> d = map(o);
            byName.put((String) d.get("name"), (String) d.get("status"));
        }
        return byName;
    }

    /** The details of the default application's deployments, by name. */
    Map<String, Object> deploymentDetails() {
        Map<String, Object> apps = map(node().applications().get("applications"));
        Object app = apps.get("default");
        return app == null ? Map.of() : map(map(app).get("deployments"));
    }

    /** The replicas of deployment {@code name} as the details document lists them. */
    List<Map<String, Object>> replicas(String name) {
        Object d = deploymentDetails().get(name);
        assertNotNull(d, () -> "no deployment " + name + " in " + node().applications());
        return list(map(d).get("replicas")).stream().map(NodeTestSupport::map).toList();
    }

    Set<String> replicaIds(String deployment) {
        return replicas(deployment).stream()
                .map(r -> (String) r.get("replica_id"))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Every deployment's replica ids. */
    Map<String, Set<String>> allReplicaIds() {
        Map<String, Set<String>> ids = new LinkedHashMap<>();
        deploymentDetails().keySet().forEach(name -> ids.put(name, replicaIds(name)));
        return ids;
    }

    /**
     * Waits until the app is RUNNING, every deployment HEALTHY and at its target with every replica
     * RUNNING; fails with the last status seen.
     */
    void awaitRunning() {
        await("app RUNNING with every deployment at its target").atMost(DEPLOY_TIMEOUT).untilAsserted(() -> {
            assertEquals("RUNNING", appStatus(), () -> "status: " + node().status());
            deploymentStatuses().forEach((name, status) ->
                    assertEquals("HEALTHY", status, () -> name + " in status: " + node().status()));
            deploymentDetails().forEach((name, d) -> {
                Map<String, Object> details = map(d);
                List<Object> replicas = list(details.get("replicas"));
                assertEquals(((Number) details.get("target_num_replicas")).intValue(), replicas.size(),
                        () -> name + " replicas: " + replicas);
                replicas.forEach(r -> assertEquals("RUNNING", map(r).get("state"), () -> name + " replica " + r));
            });
        });
    }

    // ------------------------------------------------------------------ calling the graph

    /** POSTs {@code json} to the route {@code /} and returns what the graph answered. */
    Object call(String json) throws Exception {
        Route route = node().routes().match("/").orElseThrow(() -> new AssertionError("no route matches /"));
        return route.handle(new HttpRequest("POST", "/", "", Map.of(), json.getBytes(UTF_8))).get(10, SECONDS);
    }

    /** The graph's answer to {@code json}, which must be a whole number. */
    int price(String json) throws Exception {
        Object answer = call(json);
        assertInstanceOf(Number.class, answer, () -> json + " answered " + answer);
        return ((Number) answer).intValue();
    }

    // ------------------------------------------------------------------ bundles

    Bundle runtimeBundle() {
        Bundle b = Bundles.bySymbolicName(context, "serve-runtime");
        assertNotNull(b, "serve-runtime is not installed");
        return b;
    }

    Set<Long> bundleIds() {
        return Arrays.stream(context.getBundles()).map(Bundle::getBundleId).collect(Collectors.toSet());
    }

    /** The bundles installed since {@code before}. */
    List<Bundle> installedSince(Set<Long> before) {
        return Arrays.stream(context.getBundles()).filter(b -> !before.contains(b.getBundleId())).toList();
    }

    void restart(Bundle bundle) throws BundleException {
        bundle.stop();
        bundle.start();
    }

    static void assertSubset(Set<String> expected, Set<String> actual, String what) {
        assertTrue(actual.containsAll(expected), () -> what + ": " + expected + " not all in " + actual);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertInstanceOf(Map.class, o);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        assertInstanceOf(List.class, o);
        return (List<Object>) o;
    }
}
