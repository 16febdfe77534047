package io.osgiserve.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Three nodes of the built distribution on 127.0.0.1 (a head and two workers that join it with
 * {@code serve start --address}, each with its own agent, ingress and cluster ports and a small heap),
 * driven as a user would: through bin/serve and the agents' REST API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class ClusterIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Map<String, String> SMALL_HEAP = Map.of("JAVA_MAX_MEM", "320m");
    /** The clients of the steady load during a node's loss. */
    private static final int CLIENTS = 8;

    private final List<Installation> nodes = new ArrayList<>();
    /** The nodes not killed yet (in the order they were installed). */
    private final List<Installation> alive = new ArrayList<>();
    private final int[] clusterPorts = new int[3];
    private String token;
    private Map<String, List<String>> replicasAtPriceThree;

    @BeforeAll
    void install() throws Exception {
        for (int i = 0; i < 3; i++) {
            nodes.add(Installation.copyFor(getClass(), "ClusterIT-" + i));
            clusterPorts[i] = Installation.freePort();
        }
        alive.addAll(nodes);
    }

    @AfterAll
    void stopNodes() {
        for (Installation node : nodes) {
            node.close();
        }
    }

    private Installation head() {
        return nodes.get(0);
    }

    private String headAddress() {
        return "127.0.0.1:" + clusterPorts[0];
    }

    private Installation.Result startWorker(int i, Map<String, String> env, String... more) {
        Map<String, String> all = new java.util.HashMap<>(SMALL_HEAP);
        all.putAll(env);
        List<String> options = new ArrayList<>(List.of("--address", headAddress(), "--cluster-port",
                String.valueOf(clusterPorts[i]), "--num-cpus", "2"));
        options.addAll(List.of(more));
        return nodes.get(i).start(all, options.toArray(new String[0]));
    }

    @Test
    @Order(1)
    void aWorkerWithoutTheTokenIsRefusedAtOnceWithOneLine() {
        Installation.Result refused = startWorker(1, Map.of());
        assertEquals(1, refused.exitCode(), refused::describe);
        assertEquals(1, refused.stderr().strip().lines().count(), refused::describe);
        assertTrue(refused.stderr().contains("needs the cluster's token"), refused::describe);
        assertFalse(Files.exists(nodes.get(1).dataDir().resolve("serve-node.properties")), "no node was launched");
    }

    @Test
    @Order(2)
    void theHeadFormsAClusterAndAWorkerWithAWrongTokenDoesNotJoinIt() throws Exception {
        Installation.Result head = head().start(SMALL_HEAP, "--head", "--cluster-port", String.valueOf(clusterPorts[0]),
                "--num-cpus", "2");
        assertEquals(0, head.exitCode(), head::describe);
        token = Files.readString(head().dataDir().resolve("agent.token")).trim();
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> nodeIds(head()).size() == 1);

        Installation.Result intruder = startWorker(1, Map.of("SERVE_AGENT_TOKEN", "not-the-cluster-token"));
        assertEquals(0, intruder.exitCode(), intruder::describe); // it runs, in a cluster of its own
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> nodeIds(nodes.get(1)).size() == 1);
        assertNotEquals(nodeIds(head()), nodeIds(nodes.get(1)));
        assertEquals(1, nodeIds(head()).size(), "the head's cluster has only the head");
        assertEquals(0, nodes.get(1).serve("stop").exitCode());
    }

    @Test
    @Order(3)
    void workersWithTheHeadsTokenJoinAndEveryAgentListsTheThreeNodes() throws Exception {
        for (int i = 1; i < 3; i++) {
            Installation.Result worker = startWorker(i, Map.of("SERVE_AGENT_TOKEN", token));
            assertEquals(0, worker.exitCode(), worker::describe);
            assertEquals(token, Files.readString(nodes.get(i).dataDir().resolve("agent.token")).trim(),
                    "a worker keeps the cluster's token as its agent's");
        }
        for (Installation node : nodes) {
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> nodeIds(node).size() == 3);
        }
        for (Map<String, Object> node : nodesOf(head())) {
            assertEquals(2.0, ((Number) ((Map<?, ?>) node.get("resources")).get("num_cpus")).doubleValue(), node::toString);
            assertEquals("ALIVE", node.get("state"));
        }
    }

    @Test
    @Order(4)
    void fruitStandDeployedThroughAWorkersAgentSpreadsOverTheThreeNodes() throws Exception {
        String config = Files.readString(head().home().resolve("examples/fruit_config.yaml"));
        HttpResponse<String> put = head().toAgentAt(nodes.get(2).agentPort(), "PUT", "/api/serve/deployments/", config);
        assertEquals(200, put.statusCode(), put::body);
        for (Installation node : nodes) {
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> healthyAtTarget(node));
        }
        Map<String, Object> details = details(head());
        Set<Object> nodesWithReplicas = new HashSet<>();
        for (Map<String, Object> d : deployments(details).values()) {
            for (Object r : replicas(d)) {
                nodesWithReplicas.add(((Map<?, ?>) r).get("node_id"));
            }
        }
        assertEquals(new HashSet<>(nodeIds(head())), nodesWithReplicas, "7 replicas over 3 nodes: each node runs some");
        assertEquals(Set.copyOf(nodeIds(head())), ((Map<?, ?>) details.get("proxies")).keySet(), "each node is a proxy keyed by its id");
        replicasAtPriceThree = replicaIds(head());
        assertEquals(2, replicasAtPriceThree.get("MangoStand").size());
        for (Installation node : nodes) {
            assertEquals(replicasAtPriceThree, replicaIds(node), "every agent shows the same cluster");
            // every node's ingress answers, whichever node runs the replicas a request needs
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> priceThrough(node, "MANGO", 2).equals("6"));
        }
        for (Installation node : nodes) {
            for (int i = 0; i < 10; i++) {
                assertEquals("6", priceThrough(node, "MANGO", 2));
                assertEquals("8", priceThrough(node, "PEAR", 2));
                assertEquals("4", priceThrough(node, "ORANGE", 2));
            }
        }
    }

    @Test
    @Order(5)
    void thePriceFiveDeployThroughTheHeadKeepsEveryReplicaId() throws Exception {
        Map<String, Object> config = fruitConfig();
        deployment(config, "MangoStand").put("user_config", Map.of("price", 5));
        HttpResponse<String> put = head().toAgentAt(head().agentPort(), "PUT", "/api/serve/deployments/", yaml(config));
        assertEquals(200, put.statusCode(), put::body);
        for (Installation node : nodes) {
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
                Map<String, Object> mango = deployments(details(node)).get("MangoStand");
                return ((Map<?, ?>) ((Map<?, ?>) mango.get("deployment_config")).get("user_config")).get("price").equals(5)
                        && healthyAtTarget(node);
            });
            assertEquals(replicasAtPriceThree, replicaIds(node), "a user_config change keeps every replica on every node");
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> priceThrough(node, "MANGO", 2).equals("10"));
        }
        for (Installation node : nodes) {
            for (int i = 0; i < 10; i++) {
                assertEquals("10", priceThrough(node, "MANGO", 2), "both MangoStand replicas, wherever they run, ask 5");
            }
        }
    }

    @Test
    @Order(6)
    void aReplicaAskingFourCpusOnNodesOfTwoStaysPendingSayingWhy() throws Exception {
        Map<String, Object> config = fruitConfig();
        deployment(config, "MangoStand").put("user_config", Map.of("price", 5));
        deployment(config, "PearStand").put("ray_actor_options", Map.of("num_cpus", 4));
        HttpResponse<String> put = head().toAgentAt(nodes.get(1).agentPort(), "PUT", "/api/serve/deployments/", yaml(config));
        assertEquals(200, put.statusCode(), put::body);
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
            Map<String, Object> pear = deployments(details(head())).get("PearStand");
            return replicas(pear).isEmpty() && String.valueOf(pear.get("message")).contains("pending: each asks for {CPU: 4}");
        });
        String message = String.valueOf(deployments(details(nodes.get(2))).get("PearStand").get("message"));
        assertTrue(message.contains("1 replica(s) of 'default/PearStand' pending") && message.contains("nodes have left"), message);
        assertEquals("UPDATING", deployments(details(head())).get("PearStand").get("status"));
        assertEquals(2, replicas(deployments(details(head())).get("MangoStand")).size(), "the others still run");
    }

    @Test
    @Order(7)
    void aWorkerKilledUnderLoadHasItsReplicasPlacedOnTheSurvivorsAndNoRequestFailsAfter() throws Exception {
        Map<String, Object> config = fruitConfig();
        deployment(config, "MangoStand").put("user_config", Map.of("price", 5));
        assertEquals(200, head().toAgentAt(head().agentPort(), "PUT", "/api/serve/deployments/", yaml(config)).statusCode());
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> healthyAtTarget(head(), Set.copyOf(nodeIds(head()))));
        Installation victim = nodes.get(2);
        String victimId = thisNodeId(victim);

        try (Load load = new Load(head(), CLIENTS)) {
            await().atMost(TIMEOUT).until(() -> load.succeeded() > 50);
            victim.killNode();
            long killed = System.nanoTime();
            Set<String> survivors = Set.copyOf(nodeIds(head()).stream().filter(id -> !id.equals(victimId)).toList());
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> healthyAtTarget(head(), survivors));
            long recovered = System.nanoTime();
            System.out.printf("ClusterIT: kill -9 of a worker: back to target on the survivors in %d ms%n",
                    (recovered - killed) / 1_000_000);
            assertTrue(recovered - killed < Duration.ofSeconds(5).toNanos(),
                    "back to target within 5 s; took " + (recovered - killed) / 1_000_000 + " ms");
            long failuresAtRecovery = load.failed();
            long okAtRecovery = load.succeeded();
            await().atMost(TIMEOUT).until(() -> load.succeeded() > okAtRecovery + 200);
            assertEquals(failuresAtRecovery, load.failed(), "no request fails after recovery: " + load.failures());
            System.out.printf("ClusterIT: kill -9 of a worker: %d of %d requests failed, all before recovery %s%n",
                    failuresAtRecovery, okAtRecovery + failuresAtRecovery, load.failures());
            // at most the requests in flight when the node died: one per client
            assertTrue(failuresAtRecovery <= CLIENTS, "at most the " + CLIENTS + " requests in flight fail; "
                    + failuresAtRecovery + " did: " + load.failures());
        }
        Installation.Result back = startWorker(2, Map.of("SERVE_AGENT_TOKEN", token));
        assertEquals(0, back.exitCode(), back::describe);
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> nodeIds(head()).size() == 3);
    }

    @Test
    @Order(8)
    void aHungWorkerIsReplacedWithinTenSecondsAndOnceAwakeNoExtraReplicaRemains() throws Exception {
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> healthyAtTarget(head(), Set.copyOf(nodeIds(head()))));
        // a worker that runs replicas (the one restarted after its kill runs none: running replicas stay put)
        Installation leader = leader(head());
        Installation victim = null;
        for (Installation node : nodes) {
            String id = thisNodeId(node);
            if (node != leader && replicaIds(head()).values().stream().flatMap(List::stream).anyMatch(r -> r.startsWith(id + "/"))) {
                victim = node;
            }
        }
        assertNotNull(victim, "a worker runs replicas: " + replicaIds(head()));
        String victimId = thisNodeId(victim);
        Set<String> survivors = Set.copyOf(nodeIds(head()).stream().filter(id -> !id.equals(victimId)).toList());

        Installation hung = victim;
        hung.pauseNode();
        long paused = System.nanoTime();
        long replaced;
        Map<String, List<String>> placedWhileHung;
        try {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> healthyAtTarget(head(), survivors));
            replaced = (System.nanoTime() - paused) / 1_000_000;
            placedWhileHung = replicaIds(head());
        } finally {
            hung.resumeNode();
        }
        System.out.printf("ClusterIT: SIGSTOP of a worker: back to target on the others in %d ms%n", replaced);
        assertTrue(replaced < 10_000, "back to target within 10 s of the hang; took " + replaced + " ms");
        long resumed = System.nanoTime();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> nodeIds(hung).size() == 3 && nodeIds(head()).size() == 3);
        long rejoined = System.nanoTime();
        // the woken worker stops the replicas that were placed elsewhere: every agent shows the target, the same
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            for (Installation node : nodes) {
                if (!healthyAtTarget(node, survivors) || !replicaIds(node).equals(placedWhileHung)) {
                    return false;
                }
            }
            return true;
        });
        long settled = System.nanoTime();
        System.out.printf("ClusterIT: SIGCONT of the worker: rejoined after %d ms, no extra replica %d ms after that%n",
                (rejoined - resumed) / 1_000_000, (settled - rejoined) / 1_000_000);
        // the target is 5 s (the woken node closes its replicas about 2 s after the merge; every agent's
        // details agree some seconds later); the suite shares 2 cores with other builds
        assertTrue(settled - rejoined < Duration.ofSeconds(10).toNanos(),
                "no replica beyond the target within seconds of rejoining; took " + (settled - rejoined) / 1_000_000 + " ms");
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> priceThrough(hung, "MANGO", 2).equals("10"));
    }

    @Test
    @Order(9)
    void aHungLeaderIsReplacedAndOnceAwakeItIsRefusedChangesAndOneLeaderActs() throws Exception {
        Installation hung = leader(head());
        List<Installation> others = nodes.stream().filter(n -> n != hung).toList();
        Installation other = others.get(0);
        Map<String, Object> config = fruitConfig();
        deployment(config, "MangoStand").put("user_config", Map.of("price", 7));

        Map<String, Object> stale = fruitConfig();
        deployment(stale, "MangoStand").put("user_config", Map.of("price", 1));
        Installation newLeader;
        HttpResponse<String> refused;
        hung.pauseNode();
        try {
            long paused = System.nanoTime();
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(
                    () -> other.toAgentAt(other.agentPort(), "PUT", "/api/serve/deployments/", yaml(config)).statusCode() == 200);
            System.out.printf("ClusterIT: SIGSTOP of the leader: a deploy through another node taken after %d ms%n",
                    (System.nanoTime() - paused) / 1_000_000);
            for (Installation node : others) {
                await().atMost(TIMEOUT).ignoreExceptions().until(() -> priceThrough(node, "MANGO", 2).equals("14"));
            }
            newLeader = leader(other);
        } finally {
            hung.resumeNode();
        }
        // awake, the old leader still believes what it saw before: it must not act on it
        refused = hung.toAgentAt(hung.agentPort(), "PUT", "/api/serve/deployments/", yaml(stale));
        assertNotEquals(hung, newLeader);
        assertEquals(503, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("just paused"), refused::body);
        assertEquals(1, refused.body().strip().lines().count(), refused::body);

        // it merges back as a follower: one leader, the same for every agent, and the deploy made meanwhile stands
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            for (Installation node : nodes) {
                if (nodeIds(node).size() != 3 || leader(node) != newLeader
                        || nodesOf(node).stream().filter(n -> Boolean.TRUE.equals(n.get("leader"))).count() != 1) {
                    return false;
                }
            }
            return true;
        });
        for (Installation node : nodes) {
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> healthyAtTarget(node) && priceThrough(node, "MANGO", 2).equals("14"));
        }
        Map<String, List<String>> ids = replicaIds(newLeader);
        for (Installation node : nodes) {
            assertEquals(ids, replicaIds(node), "every agent shows the same replicas");
        }
    }

    @Test
    @Order(10)
    void aDeployThroughAnotherNodeIsTakenSecondsAfterTheLeaderIsKilled() throws Exception {
        Map<String, Object> config = fruitConfig();
        deployment(config, "MangoStand").put("user_config", Map.of("price", 6));
        Installation leader = leader(head());
        Installation other = nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
        leader.killNode();
        long killed = System.nanoTime();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(
                () -> other.toAgentAt(other.agentPort(), "PUT", "/api/serve/deployments/", yaml(config)).statusCode() == 200);
        long taken = (System.nanoTime() - killed) / 1_000_000;
        System.out.printf("ClusterIT: kill -9 of the leader: a deploy through another node taken after %d ms%n", taken);
        // the target is 2 s (bench/RESULTS.md has the measured figure); the suite shares 2 cores with other builds
        assertTrue(taken < 10_000, "a deploy through another node within seconds of the leader's death; took " + taken + " ms");
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> priceThrough(other, "MANGO", 2).equals("12"));
        alive.remove(leader);
    }

    @Test
    @Order(11)
    void aNodeCutOffFromTheMajorityRefusesChangesWith503AndStillAnswersReads() throws Exception {
        Installation alone = alive.get(0);
        assertEquals(0, alive.get(1).serve("stop").exitCode());
        String config = Files.readString(head().home().resolve("examples/fruit_config.yaml"));
        await().atMost(TIMEOUT).ignoreExceptions().until(
                () -> alone.toAgentAt(alone.agentPort(), "PUT", "/api/serve/deployments/", config).statusCode() == 503);
        HttpResponse<String> refused = alone.toAgentAt(alone.agentPort(), "PUT", "/api/serve/deployments/", config);
        assertEquals(503, refused.statusCode());
        assertTrue(refused.body().contains("does not see a majority"), refused::body);
        assertEquals(1, refused.body().strip().lines().count(), refused::body);
        assertEquals(200, alone.toAgentAt(alone.agentPort(), "GET", "/api/serve/applications/", null).statusCode());
    }

    /** Clients posting to one node's ingress in a loop, bounded in count and time, counting answers. */
    private static final class Load implements AutoCloseable {
        private final java.util.concurrent.ExecutorService clients;
        private final java.util.concurrent.atomic.AtomicLong ok = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.Queue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private volatile boolean stop;

        Load(Installation node, int n) {
            clients = java.util.concurrent.Executors.newFixedThreadPool(n);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            for (int i = 0; i < n; i++) {
                clients.execute(() -> {
                    for (int k = 0; k < 20_000 && !stop && System.nanoTime() < deadline; k++) {
                        try {
                            HttpResponse<String> r = node.postToIngress("/", "[\"MANGO\", 2]");
                            if (r.statusCode() == 200 && r.body().trim().equals("10")) {
                                ok.incrementAndGet();
                            } else {
                                fail(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            fail(e.toString());
                        }
                    }
                });
            }
        }

        private void fail(String what) {
            if (failed.incrementAndGet() <= 50) {
                failures.add(what);
            }
        }

        /** The first 50 failures, each as the status and body or the exception the client saw. */
        List<String> failures() {
            return List.copyOf(failures);
        }

        long succeeded() {
            return ok.get();
        }

        long failed() {
            return failed.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            clients.shutdown();
            clients.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        }
    }

    // ---------------------------------------------------------------- reading the agents

    private static String priceThrough(Installation node, String fruit, int amount) throws Exception {
        HttpResponse<String> response = node.postToIngress("/", "[\"" + fruit + "\", " + amount + "]");
        assertEquals(200, response.statusCode(), response::body);
        return response.body().trim();
    }

    private List<Map<String, Object>> nodesOf(Installation node) throws Exception {
        HttpResponse<String> response = node.toAgentAt(node.agentPort(), "GET", "/api/serve/nodes", null);
        assertEquals(200, response.statusCode(), response::body);
        Map<String, Object> doc = new Yaml().load(response.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) doc.get("nodes");
        return list;
    }

    /** The installation of the node {@code asker}'s agent names the leader (a paused node is never asked). */
    private Installation leader(Installation asker) throws Exception {
        String id = nodesOf(asker).stream().filter(n -> Boolean.TRUE.equals(n.get("leader")))
                .map(n -> String.valueOf(n.get("node_id"))).findFirst().orElseThrow(() -> new AssertionError("no leader"));
        for (Installation node : alive) {
            if (!node.paused() && id.equals(thisNodeId(node))) {
                return node;
            }
        }
        throw new AssertionError("the leader " + id + " is none of the nodes alive");
    }

    private String thisNodeId(Installation node) throws Exception {
        return nodesOf(node).stream().filter(n -> Boolean.TRUE.equals(n.get("this_node"))).map(n -> String.valueOf(n.get("node_id")))
                .findFirst().orElseThrow();
    }

    private List<String> nodeIds(Installation node) throws Exception {
        return nodesOf(node).stream().map(n -> String.valueOf(n.get("node_id"))).sorted().toList();
    }

    private Map<String, Object> details(Installation node) throws Exception {
        HttpResponse<String> response = node.toAgentAt(node.agentPort(), "GET", "/api/serve/applications/", null);
        assertEquals(200, response.statusCode(), response::body);
        return new Yaml().load(response.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> deployments(Map<String, Object> details) {
        Map<String, Object> app = (Map<String, Object>) ((Map<String, Object>) details.get("applications")).get("default");
        return (Map<String, Map<String, Object>>) app.get("deployments");
    }

    private static List<?> replicas(Map<String, Object> deployment) {
        return (List<?>) deployment.get("replicas");
    }

    /** Every deployment HEALTHY with as many RUNNING replicas (over all nodes) as its config asks. */
    private boolean healthyAtTarget(Installation node) throws Exception {
        return healthyAtTarget(node, null);
    }

    /** The same, with every replica on one of {@code on} (null: anywhere). */
    private boolean healthyAtTarget(Installation node, Set<String> on) throws Exception {
        Map<String, Object> details = details(node);
        for (Map<String, Object> d : deployments(details).values()) {
            int wanted = ((Number) ((Map<?, ?>) d.get("deployment_config")).get("num_replicas")).intValue();
            long running = replicas(d).stream().filter(r -> "RUNNING".equals(((Map<?, ?>) r).get("state"))).count();
            if (!"HEALTHY".equals(d.get("status")) || running != wanted || replicas(d).size() != wanted) {
                return false;
            }
            if (on != null && !replicas(d).stream().allMatch(r -> on.contains(String.valueOf(((Map<?, ?>) r).get("node_id"))))) {
                return false;
            }
        }
        return true;
    }

    private Map<String, List<String>> replicaIds(Installation node) throws Exception {
        Map<String, List<String>> ids = new TreeMap<>();
        deployments(details(node)).forEach((name, d) -> ids.put(name,
                replicas(d).stream().map(r -> ((Map<?, ?>) r).get("node_id") + "/" + ((Map<?, ?>) r).get("replica_id"))
                        .sorted().toList()));
        return ids;
    }

    private Map<String, Object> fruitConfig() throws Exception {
        return new Yaml().load(Files.readString(head().home().resolve("examples/fruit_config.yaml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deployment(Map<String, Object> config, String name) {
        return ((List<Map<String, Object>>) config.get("deployments")).stream()
                .filter(d -> name.equals(d.get("name"))).findFirst().orElseThrow();
    }

    private static String yaml(Map<String, Object> config) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(config);
    }
}
