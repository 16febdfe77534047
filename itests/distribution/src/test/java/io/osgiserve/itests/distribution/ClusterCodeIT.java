package io.osgiserve.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.yaml.snakeyaml.Yaml;

/**
 * Code by digest, HTTPS between nodes and HeadOnly on nodes of the built distribution on 127.0.0.1: every
 * node has the agent's HTTPS certificate (one, generated here, for 127.0.0.1), so its internal port (calls
 * between nodes, code by digest) serves HTTPS only. The application's code comes from a test HTTP server
 * that counts its requests: the node that accepts a deploy reads it once, the others get the bytes from a
 * node that holds them, and a worker that joins after the server stopped still gets them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class ClusterCodeIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Map<String, String> SMALL_HEAP = Map.of("JAVA_MAX_MEM", "320m");

    /** head, w1, w2, then "late": a worker that joins once w2 stopped (three JVMs at most at a time). */
    private final List<Installation> nodes = new ArrayList<>();
    private final int[] clusterPorts = new int[4];
    private final int[] internalPorts = new int[4];
    private Path certificate;
    private Path key;
    private SSLContext trust;
    private HttpClient https;
    private HttpServer codeServer;
    private final AtomicInteger codeRequests = new AtomicInteger();
    /** The source answers 404 from now on (still counting requests). */
    private volatile boolean codeGone;
    private String codeUri;
    private String digest;
    private String token;

    @BeforeAll
    void install() throws Exception {
        for (int i = 0; i < 4; i++) {
            Installation node = Installation.copyFor(getClass(), "ClusterCodeIT-" + i);
            nodes.add(node);
            clusterPorts[i] = Installation.freePort();
            internalPorts[i] = Installation.freePort();
            Path settings = node.home().resolve("etc/io.osgiserve.node.cfg");
            Files.writeString(settings, Files.readString(settings) + "\nserve.internal.port = " + internalPorts[i] + "\n");
        }
        Path tls = Files.createDirectories(nodes.get(0).home().resolve("tls"));
        Path[] pair = TestCertificates.selfSigned(tls, "node");
        certificate = pair[0];
        key = pair[1];
        trust = TestCertificates.trusting(certificate);
        https = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();

        Path jar;
        try (var examples = Files.newDirectoryStream(nodes.get(0).home().resolve("examples"), "serve-example-fruit-*.jar")) {
            jar = examples.iterator().next();
        }
        byte[] bytes = Files.readAllBytes(jar);
        digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        codeServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        codeServer.createContext("/fruit.jar", exchange -> {
            codeRequests.incrementAndGet();
            if (codeGone) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        codeServer.start();
        codeUri = "http://127.0.0.1:" + codeServer.getAddress().getPort() + "/fruit.jar";
    }

    @AfterAll
    void stopNodes() {
        codeServer.stop(0);
        for (Installation node : nodes) {
            node.close();
        }
    }

    private Installation head() {
        return nodes.get(0);
    }

    private Installation.Result startNode(int i, String... more) {
        List<String> options = new ArrayList<>(List.of("--cluster-port", String.valueOf(clusterPorts[i]), "--num-cpus", "2",
                "--agent-tls-certfile", certificate.toString(), "--agent-tls-keyfile", key.toString()));
        options.addAll(List.of(more));
        Map<String, String> env = new HashMap<>(SMALL_HEAP);
        env.put("SERVE_AGENT_ADDRESS", "https://127.0.0.1:" + nodes.get(i).agentPort());
        env.put("SERVE_AGENT_CACERT", certificate.toString());
        if (token != null) {
            env.put("SERVE_AGENT_TOKEN", token);
        }
        Installation.Result started = nodes.get(i).start(env, options.toArray(new String[0]));
        assertEquals(0, started.exitCode(), started::describe);
        return started;
    }

    @Test
    @Order(1)
    void threeNodesWithHttpsAgentsFormACluster() throws Exception {
        startNode(0, "--head");
        token = Files.readString(head().dataDir().resolve("agent.token")).trim();
        String headAddress = "127.0.0.1:" + clusterPorts[0];
        startNode(1, "--address", headAddress);
        startNode(2, "--address", headAddress);
        for (int i = 0; i < 3; i++) {
            Installation node = nodes.get(i);
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> nodeIds(node).size() == 3);
        }
    }

    @Test
    @Order(2)
    void codeDeployedThroughAWorkerIsReadOnceAndEveryNodeRunsIt() throws Exception {
        HttpResponse<String> put = agent(nodes.get(1), "PUT", "/api/serve/deployments/", fruitConfig(3, 2));
        assertEquals(200, put.statusCode(), put::body);
        for (int i = 0; i < 3; i++) {
            Installation node = nodes.get(i);
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> healthyAtTarget(node));
        }
        Set<Object> nodesWithReplicas = new HashSet<>();
        for (Map<String, Object> d : deployments(details(head())).values()) {
            for (Object r : (List<?>) d.get("replicas")) {
                nodesWithReplicas.add(((Map<?, ?>) r).get("node_id"));
            }
        }
        assertEquals(new HashSet<>(nodeIds(head())), nodesWithReplicas, "each of the three nodes runs some replicas");
        for (int i = 0; i < 3; i++) {
            // DAGDriver, OrangeStand and PearStand have one replica each: most requests cross nodes (HTTPS)
            Installation node = nodes.get(i);
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> price(node).equals("6"));
            for (int k = 0; k < 5; k++) {
                assertEquals("6", price(node));
            }
        }
        assertEquals(1, codeRequests.get(), "the code was read once for the three nodes");
    }

    @Test
    @Order(3)
    void theInternalPortsServeTheCodeByDigestOverHttpsWithTheTokenOnly() throws Exception {
        for (int i = 0; i < 3; i++) {
            URI code = URI.create("https://127.0.0.1:" + internalPorts[i] + "/internal/v1/code/" + digest);
            HttpResponse<byte[]> held = https.send(HttpRequest.newBuilder(code).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, held.statusCode(), "node " + i + " holds the code");
            assertEquals(digest, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(held.body())));
            assertEquals(401, https.send(HttpRequest.newBuilder(code).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            URI plain = URI.create("http://127.0.0.1:" + internalPorts[i] + "/internal/v1/code/" + digest);
            assertThrows(java.io.IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(plain)
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()), "node " + i + "'s internal port speaks HTTPS only");
        }
    }

    @Test
    @Order(4)
    void aWorkerThatJoinsAfterTheSourceStoppedGetsTheCodeFromAPeer() throws Exception {
        codeGone = true;
        assertEquals(0, nodes.get(2).serve(Map.of("SERVE_AGENT_ADDRESS", "https://127.0.0.1:" + nodes.get(2).agentPort(),
                "SERVE_AGENT_CACERT", certificate.toString()), "stop").exitCode());
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> nodeIds(head()).size() == 2 && healthyAtTarget(head()));
        Installation late = nodes.get(3);
        clusterPorts[3] = Installation.freePort(); // picked now: one picked minutes ago may have gone to a connection meanwhile
        startNode(3, "--address", "127.0.0.1:" + clusterPorts[0]);
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> nodeIds(head()).size() == 3);
        String lateId = thisNodeId(late);

        // more MangoStand replicas: the new one goes to the node with none, which has never read the source
        HttpResponse<String> put = agent(head(), "PUT", "/api/serve/deployments/", fruitConfig(5, 4));
        assertEquals(200, put.statusCode(), put::body);
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> healthyAtTarget(head()) && runningOn(head(), lateId) > 0);
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> price(late).equals("10"));
        assertTrue(Files.isRegularFile(findInTree(late.dataDir(), digest)), "the late worker keeps the bytes by their digest");
        assertEquals(2, codeRequests.get(), "the accepting node asked the source once more (404); no other node read it");
        String why = String.valueOf(((Map<?, ?>) ((Map<?, ?>) details(head()).get("applications")).get("default")).get("message"));
        assertTrue(why.contains(codeUri + " answered HTTP 404") && why.contains("the cluster keeps running sha256:" + digest), why);
    }

    @Test
    @Order(5)
    void headOnlyClosesTheWorkersHttpPortsAndEveryNodeOpensThemAgain() throws Exception {
        assertEquals(200, agent(head(), "DELETE", "/api/serve/deployments/", null).statusCode());
        Installation worker = nodes.get(1);
        Installation late = nodes.get(3);
        HttpResponse<String> put = agent(worker, "PUT", "/api/serve/applications/", multiApp("HeadOnly"));
        assertEquals(200, put.statusCode(), put::body);
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> price(head()).equals("6"));
        await().atMost(TIMEOUT).until(() -> !Installation.accepting(worker.httpPort()) && !Installation.accepting(late.httpPort()));
        for (int k = 0; k < 5; k++) {
            assertEquals("6", price(head()), "the head's ingress reaches replicas on every node");
        }
        assertFalse(Installation.accepting(worker.httpPort()), "a worker runs no HTTP proxy under HeadOnly");

        put = agent(head(), "PUT", "/api/serve/applications/", multiApp("EveryNode"));
        assertEquals(200, put.statusCode(), put::body);
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> price(worker).equals("6") && price(late).equals("6"));
    }

    // ---------------------------------------------------------------- configs

    private String fruitConfig(int mangoPrice, int mangoReplicas) throws Exception {
        Map<String, Object> config = new Yaml().load(Files.readString(head().home().resolve("examples/fruit_config.yaml")));
        config.put("runtime_env", Map.of("working_dir", codeUri));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> deployments = (List<Map<String, Object>>) config.get("deployments");
        for (Map<String, Object> d : deployments) {
            if (d.get("name").equals("MangoStand")) {
                d.put("user_config", Map.of("price", mangoPrice));
                d.put("num_replicas", mangoReplicas);
            }
        }
        return new Yaml().dump(config);
    }

    private String multiApp(String proxyLocation) {
        return "proxy_location: " + proxyLocation + "\n"
                + "applications:\n"
                + "- name: fruit\n"
                + "  route_prefix: /\n"
                + "  import_path: fruit:deployment_graph\n"; // the distribution's own FruitStand: the source is down now
    }

    // ---------------------------------------------------------------- the agents, over HTTPS

    private HttpResponse<String> agent(Installation node, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.agentPort() + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/yaml").header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String price(Installation node) throws Exception {
        HttpResponse<String> response = node.postToIngress("/", "[\"MANGO\", 2]");
        assertEquals(200, response.statusCode(), response::body);
        return response.body().trim();
    }

    private List<Map<String, Object>> nodesOf(Installation node) throws Exception {
        HttpResponse<String> response = agent(node, "GET", "/api/serve/nodes", null);
        assertEquals(200, response.statusCode(), response::body);
        Map<String, Object> doc = new Yaml().load(response.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) doc.get("nodes");
        return list;
    }

    private List<String> nodeIds(Installation node) throws Exception {
        return nodesOf(node).stream().map(n -> String.valueOf(n.get("node_id"))).sorted().toList();
    }

    private String thisNodeId(Installation node) throws Exception {
        return nodesOf(node).stream().filter(n -> Boolean.TRUE.equals(n.get("this_node")))
                .map(n -> String.valueOf(n.get("node_id"))).findFirst().orElseThrow();
    }

    private Map<String, Object> details(Installation node) throws Exception {
        HttpResponse<String> response = agent(node, "GET", "/api/serve/applications/", null);
        assertEquals(200, response.statusCode(), response::body);
        return new Yaml().load(response.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> deployments(Map<String, Object> details) {
        Map<String, Object> app = (Map<String, Object>) ((Map<String, Object>) details.get("applications")).get("default");
        return (Map<String, Map<String, Object>>) app.get("deployments");
    }

    /** Every deployment HEALTHY with as many RUNNING replicas (over all nodes) as its config asks. */
    private boolean healthyAtTarget(Installation node) throws Exception {
        for (Map<String, Object> d : deployments(details(node)).values()) {
            int wanted = ((Number) ((Map<?, ?>) d.get("deployment_config")).get("num_replicas")).intValue();
            List<?> replicas = (List<?>) d.get("replicas");
            long running = replicas.stream().filter(r -> "RUNNING".equals(((Map<?, ?>) r).get("state"))).count();
            if (!"HEALTHY".equals(d.get("status")) || running != wanted || replicas.size() != wanted) {
                return false;
            }
        }
        return true;
    }

    private long runningOn(Installation node, String nodeId) throws Exception {
        long n = 0;
        for (Map<String, Object> d : deployments(details(node)).values()) {
            n += ((List<?>) d.get("replicas")).stream().filter(r -> nodeId.equals(((Map<?, ?>) r).get("node_id"))
                    && "RUNNING".equals(((Map<?, ?>) r).get("state"))).count();
        }
        return n;
    }

    private static Path findInTree(Path root, String name) throws Exception {
        try (var files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElse(root.resolve("absent-" + name));
        }
    }
}
