package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * Code fetching as an operator meets it through the agent: a source slower than
 * serve.code.fetch_timeout fails the deploy at the limit without holding up a later user_config deploy,
 * the same file: URI with new bytes is new code (new replicas), and a deploy from beyond loopback may
 * not name a file outside serve.code.file.allowed_roots.
 */
class CodeFetchOverHttpTest extends NodeTestSupport {
    private static final String TWO_MANGOS = "[\"MANGO\", 2]";
    private static final Duration LIMIT = Duration.ofSeconds(2);

    private ServeHttp http;
    private Path work;

    @BeforeEach
    void setUp() {
        http = new ServeHttp(context);
        work = context.getDataFile("code-fetch-" + System.nanoTime()).toPath();
    }

    @Test
    void aByteASecondFailsTheDeployAtTheTimeLimitAndAUserConfigDeployMeanwhileIsAppliedWithoutWaitingForIt()
            throws Exception {
        // the node reads its fetch limits when it starts: start it again with a 2 s limit, and again after
        System.setProperty("serve.code.fetch_timeout", "2s");
        try (SlowServer slow = new SlowServer()) {
            restart(runtimeBundle());
            awaitAgent();
            String v1 = CodeJars.copyOf(fruitBundle(), work.resolve("fruit.jar"), "timeout-v1").toUri().toString();
            http.deploy(fruitApp(v1, 3));
            awaitRunning();
            Set<String> mangos = http.replicaIds("MangoStand");

            String first = slow.uri("first.jar");
            http.deploy(fruitApp(first, 3));
            await("DEPLOY_FAILED at the time limit, the previous version answering meanwhile").atMost(DEPLOY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        assertEquals("6", http.post("/", TWO_MANGOS).body(), "the previous version answers");
                        return "DEPLOY_FAILED".equals(appStatus());
                    });
            assertTrue(appMessage().contains(first), () -> "the message should name the URI: " + appMessage());
            assertTrue(appMessage().contains("serve.code.fetch_timeout"),
                    () -> "the message should name the time limit: " + appMessage());
            assertFalse(appMessage().contains("\n"), () -> "one line: " + appMessage());

            String second = slow.uri("second.jar");
            http.deploy(fruitApp(second, 3));
            await("the node fetching " + second).atMost(DEPLOY_TIMEOUT).until(() -> slow.requested("/second.jar"));
            long fetchStarted = System.nanoTime();
            http.deploy(fruitApp(v1, 5));
            await("MangoStand at price 5").atMost(DEPLOY_TIMEOUT).pollInterval(Duration.ofMillis(20))
                    .until(() -> "10".equals(http.post("/", TWO_MANGOS).body()));
            Duration waited = Duration.ofNanos(System.nanoTime() - fetchStarted);

            // had the node waited for the slow fetch, the new price could not answer before its limit
            assertTrue(waited.compareTo(LIMIT) < 0, () -> "the user_config deploy took " + waited.toMillis()
                    + " ms, as long as the " + LIMIT.toSeconds() + " s fetch it should not wait for");
            awaitRunning();
            assertEquals(mangos, http.replicaIds("MangoStand"), "a user_config change keeps the replicas");
            await("the node hung up on the superseded fetch").atMost(DEPLOY_TIMEOUT).until(() -> slow.hungUp("/second.jar"));
            assertEquals("RUNNING", appStatus(), () -> "the superseded fetch must not fail the new goal: " + node().status());
        } finally {
            System.clearProperty("serve.code.fetch_timeout");
            node().shutdown();
            restart(runtimeBundle());
            awaitAgent();
        }
    }

    @Test
    void theSameFileUriWithNewBytesReplacesTheReplicas() throws Exception {
        Bundle fruit = fruitBundle(); // the example's own bundle: once deployed, the copy has its name too
        Path jar = work.resolve("fruit.jar");
        CodeJars.copyOf(fruit, jar, "same-uri-v1");
        Map<String, Object> app = fruitApp(jar.toUri().toString(), 3);
        http.deploy(app);
        awaitRunning();
        Map<String, Set<String>> before = replicaIdsOverHttp();

        CodeJars.copyOf(fruit, jar, "same-uri-v2");
        http.deploy(app);

        await("every deployment on new replicas").atMost(DEPLOY_TIMEOUT).untilAsserted(() -> {
            Map<String, Set<String>> now = replicaIdsOverHttp();
            before.forEach((name, ids) -> assertTrue(Collections.disjoint(ids, now.get(name)),
                    () -> name + " kept a replica of the old code: before " + ids + ", now " + now.get(name)));
        });
        awaitRunning();
        assertEquals("6", http.post("/", TWO_MANGOS).body());
    }

    @Test
    void aDeployFromBeyondLoopbackMayNotNameAFileOutsideTheAllowedRoots() throws Exception {
        String v1 = CodeJars.copyOf(fruitBundle(), work.resolve("fruit.jar"), "remote-v1").toUri().toString();
        http.deploy(fruitApp(v1, 3));
        awaitRunning();

        // the same config, as the agent hands it on for a caller at another address
        node().deploy(Configs.document(fruitApp(v1, 5)), InetAddress.getByName("192.0.2.7"));

        await("DEPLOY_FAILED").atMost(DEPLOY_TIMEOUT).until(() -> "DEPLOY_FAILED".equals(appStatus()));
        assertTrue(appMessage().contains("serve.code.file.allowed_roots"),
                () -> "the message should name the setting: " + appMessage());
        assertEquals("6", http.post("/", TWO_MANGOS).body(), "the previous version answers");
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, Set<String>> replicaIdsOverHttp() throws Exception {
        Map<String, Set<String>> ids = new HashMap<>();
        for (String name : List.of("MangoStand", "OrangeStand", "PearStand", "FruitMarket", "DAGDriver")) {
            ids.put(name, http.replicaIds(name));
        }
        return ids;
    }

    private void awaitAgent() {
        await("the agent answering again").atMost(DEPLOY_TIMEOUT).ignoreExceptions()
                .until(() -> http.agentGet("/api/serve/deployments/status").statusCode() == 200);
    }

    private Bundle fruitBundle() {
        Bundle fruit = Bundles.bySymbolicName(context, "serve-example-fruit");
        assertNotNull(fruit, "serve-example-fruit is not installed");
        return fruit;
    }

    private static Map<String, Object> fruitApp(String workingDir, int mangoPrice) {
        Map<String, Object> app = Configs.fruitWithoutShutdownWait();
        app.put("runtime_env", Map.of("working_dir", workingDir));
        Configs.deployment(app, "MangoStand").put("user_config", Map.of("price", mangoPrice));
        return app;
    }

    /** Answers every request with a byte a second, for at most two minutes; remembers who hung up. */
    private static final class SlowServer implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final List<String> requested = new CopyOnWriteArrayList<>();
        private final List<String> hungUp = new CopyOnWriteArrayList<>();

        SlowServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(threads);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                requested.add(path);
                try (exchange) {
                    exchange.sendResponseHeaders(200, 0);
                    for (int i = 0; i < 120; i++) {
                        exchange.getResponseBody().write('P');
                        exchange.getResponseBody().flush();
                        Thread.sleep(1000);
                    }
                } catch (IOException e) {
                    hungUp.add(path);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
        }

        String uri(String name) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
        }

        boolean requested(String path) {
            return requested.contains(path);
        }

        boolean hungUp(String path) {
            return hungUp.contains(path);
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
