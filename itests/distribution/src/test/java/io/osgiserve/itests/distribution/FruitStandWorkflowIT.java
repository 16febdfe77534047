package io.osgiserve.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
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
 * The seed's walkthrough against the built distribution, through bin/serve: start a node, deploy
 * FruitStand, watch it become RUNNING, raise MangoStand's price in place, reject a bad config,
 * restart the node, stop it. The steps build on each other, as a user's session does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class FruitStandWorkflowIT {

    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> FRUIT_DEPLOYMENTS =
            List.of("MangoStand", "OrangeStand", "PearStand", "FruitMarket", "DAGDriver");

    private final ObjectMapper json = new ObjectMapper();
    private Installation node;
    private Installation.Result started;
    private Set<String> mangoReplicasAtPriceThree;

    @BeforeAll
    void startNode() throws Exception {
        node = Installation.copyFor(getClass());
        started = node.start();
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void startReturnsOnceTheAgentAnswersAndPrintsBothAddresses() throws Exception {
        assertEquals(0, started.exitCode(), started::describe);
        assertTrue(started.stdout().contains(String.valueOf(node.agentPort())), started::describe);
        assertTrue(started.stdout().contains(String.valueOf(node.httpPort())), started::describe);
        assertEquals(200, node.getFromAgent("/api/ray/version").statusCode());
    }

    @Test
    @Order(2)
    void deployingFruitStandMakesFiveHealthyDeploymentsAndMangoTimesTwoCostsSix() throws Exception {
        Path config = node.home().resolve("examples/fruit_config.yaml");
        assertTrue(Files.isRegularFile(config), "the distribution ships examples/fruit_config.yaml");

        Installation.Result deployed = node.serve("deploy", config.toString());
        assertEquals(0, deployed.exitCode(), deployed::describe);
        assertTrue(deployed.stdout().contains("Sent deploy request successfully!"), deployed::describe);

        awaitRunningWithAllHealthy();
        assertEquals("6", priceOf("MANGO", 2));
        mangoReplicasAtPriceThree = replicaIds("MangoStand");
        assertEquals(2, mangoReplicasAtPriceThree.size(), "MangoStand runs num_replicas: 2");
    }

    @Test
    @Order(3)
    void raisingMangoPriceToFiveAnswersTenWithTheSameMangoReplicas() throws Exception {
        Path priceFive = node.home().resolve("fruit_price5.yaml");
        writeConfig(priceFive, withMangoStand("user_config", Map.of("price", 5)));

        Installation.Result deployed = node.serve("deploy", priceFive.toString());
        assertEquals(0, deployed.exitCode(), deployed::describe);

        await().atMost(DEPLOY_TIMEOUT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> priceOf("MANGO", 2).equals("10"));
        awaitRunningWithAllHealthy();
        assertEquals(mangoReplicasAtPriceThree, replicaIds("MangoStand"),
                "a user_config change reconfigures the replicas in place; replica ids stay");
    }

    @Test
    @Order(4)
    void serveLogsMangoStandShowsItsReplicasLinesFromTheNodesLogAndNoOtherDeployments() {
        // the node's karaf.log, read through the agent: each replica's start and its price-5 reconfigure
        await().atMost(DEPLOY_TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Installation.Result logs = node.serve("logs", "MangoStand");
            assertEquals(0, logs.exitCode(), logs::describe);
            for (String replica : mangoReplicasAtPriceThree) {
                assertTrue(logs.stdout().contains("replica " + replica + " of MangoStand is running"), logs::describe);
                assertTrue(logs.stdout().contains("replica " + replica + " of MangoStand applied user_config"), logs::describe);
            }
            assertTrue(logs.stdout().lines().allMatch(l -> l.contains("MangoStand#")), logs::describe);
        });
        Installation.Result all = node.serve("logs", "--tail", "1000");
        assertTrue(all.stdout().contains(" of PearStand is running"), all::describe);
        Installation.Result bad = node.serve("logs", "--tail", "5000");
        assertEquals(1, bad.exitCode(), bad::describe);
        assertTrue(bad.stderr().contains("lines must be from 1 to 1000"), bad::describe);
    }

    @Test
    @Order(4)
    void configShowsTheDeployedPrice() {
        Installation.Result config = node.serve("config");
        assertEquals(0, config.exitCode(), config::describe);
        Map<String, Object> goal = new Yaml().load(config.stdout());
        assertEquals(Map.of("price", 5), deployment(goal, "MangoStand").get("user_config"), config::describe);
        assertTrue(config.stdout().contains("price: 5"), config::describe);
    }

    @Test
    @Order(5)
    void aConfigWithZeroReplicasIsRejectedNamingTheFieldAndTheAppKeepsServing() throws Exception {
        Path bad = node.home().resolve("fruit_zero_replicas.yaml");
        writeConfig(bad, withMangoStand("num_replicas", 0));

        Installation.Result refused = node.serve("deploy", bad.toString());
        assertEquals(1, refused.exitCode(), refused::describe);
        assertTrue(refused.stderr().contains("deployments[0].num_replicas"), refused::describe);
        assertFalse(refused.stdout().contains("Sent deploy request successfully!"), refused::describe);

        assertEquals("10", priceOf("MANGO", 2));
        assertEquals("RUNNING", appStatus());
    }

    @Test
    @Order(6)
    void anOperatorsConfigFileForMangoStandIsADeployThatKeepsTheReplicasAndAnInvalidOneIsReverted() throws Exception {
        // what config:property-set, config:edit and a .cfg file all end in: a change of the deployment's configuration
        // a typed .config file (FileInstall 3.7.4 fails on a .cfg line whose value is a JSON object)
        Path cfg = node.home().resolve("etc").resolve("serve.deployment~default.MangoStand.config");
        Files.writeString(cfg, "user_config=\"{\\\"price\\\":7}\"\n");
        await().atMost(DEPLOY_TIMEOUT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> priceOf("MANGO", 2).equals("14"));
        awaitRunningWithAllHealthy();
        assertEquals(mangoReplicasAtPriceThree, replicaIds("MangoStand"), "an edit of user_config keeps the replicas");
        Installation.Result config = node.serve("config");
        assertTrue(config.stdout().contains("price: 7"), config::describe);

        Files.writeString(cfg, "user_config=\"{\\\"price\\\":\"\n");
        await().atMost(DEPLOY_TIMEOUT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> node.serve("status").stdout().replaceAll("\\s+", " ").contains("refused and reverted"));
        assertEquals("14", priceOf("MANGO", 2));
        Files.delete(cfg);
    }

    @Test
    @Order(7)
    void aRestartedNodeComesBackRunningTheLastConfigWithoutANewDeploy() throws Exception {
        Installation.Result stopped = node.serve("stop");
        assertEquals(0, stopped.exitCode(), stopped::describe);
        assertFalse(Installation.accepting(node.agentPort()), "the agent port is free after serve stop");
        List<Path> archives;
        try (var files = Files.list(node.home().resolve("data").resolve("cds"))) {
            archives = files.filter(f -> f.toString().endsWith(".jsa")).toList();
        }
        assertEquals(1, archives.size(), "the first stop leaves the node's class data archive: " + archives);

        Installation.Result restarted = node.start();
        assertEquals(0, restarted.exitCode(), restarted::describe);

        awaitRunningWithAllHealthy();
        assertEquals("14", priceOf("MANGO", 2), "the operator's edit is part of the goal the node restarts from");
        // the JVM maps an archive it accepted (one it rejects, it does not): the restart used it
        Properties record = new Properties();
        try (var in = Files.newInputStream(node.home().resolve("data").resolve("serve-node.properties"))) {
            record.load(in);
        }
        String maps = Files.readString(Path.of("/proc", record.getProperty("pid"), "maps"));
        assertTrue(maps.contains(archives.get(0).toString()), "the restarted node does not use " + archives.get(0));
    }

    @Test
    @Order(8)
    void stopEndsTheNodeAndFreesItsPorts() {
        Installation.Result stopped = node.serve("stop");
        assertEquals(0, stopped.exitCode(), stopped::describe);
        assertFalse(Installation.accepting(node.agentPort()), "agent port still open after serve stop");
        assertFalse(Installation.accepting(node.httpPort()), "ingress port still open after serve stop");
    }

    private void awaitRunningWithAllHealthy() {
        await().atMost(DEPLOY_TIMEOUT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(this::runningWithAllHealthy);
    }

    /** Reads `serve status` as a user would and checks the app and its five deployments. */
    private boolean runningWithAllHealthy() {
        Installation.Result status = node.serve("status");
        if (status.exitCode() != 0) {
            return false;
        }
        Map<String, Object> doc = new Yaml().load(status.stdout());
        @SuppressWarnings("unchecked")
        Map<String, Object> app = (Map<String, Object>) doc.get("app_status");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> deployments = (List<Map<String, Object>>) doc.get("deployment_statuses");
        Set<String> healthy = new TreeSet<>();
        for (Map<String, Object> d : deployments) {
            if ("HEALTHY".equals(d.get("status"))) {
                healthy.add((String) d.get("name"));
            }
        }
        return "RUNNING".equals(app.get("status")) && healthy.equals(new TreeSet<>(FRUIT_DEPLOYMENTS));
    }

    private String appStatus() {
        Installation.Result status = node.serve("status");
        assertEquals(0, status.exitCode(), status::describe);
        Map<String, Object> doc = new Yaml().load(status.stdout());
        @SuppressWarnings("unchecked")
        Map<String, Object> app = (Map<String, Object>) doc.get("app_status");
        return (String) app.get("status");
    }

    private String priceOf(String fruit, int amount) throws Exception {
        var response = node.postToIngress("/", "[\"" + fruit + "\", " + amount + "]");
        assertEquals(200, response.statusCode(), response::body);
        return response.body().trim();
    }

    /** The replica_id of every replica of one deployment, from GET /api/serve/applications/. */
    private Set<String> replicaIds(String deploymentName) throws Exception {
        var response = node.getFromAgent("/api/serve/applications/");
        assertEquals(200, response.statusCode(), response::body);
        Set<String> ids = new TreeSet<>();
        collectReplicaIds(json.readTree(response.body()), null, deploymentName, ids);
        assertNotEquals(Set.of(), ids, () -> "no replicas of " + deploymentName + " in " + response.body());
        return ids;
    }

    /** Finds the deployment by its "name" or by its key, wherever the applications document nests it. */
    private static void collectReplicaIds(JsonNode node, String key, String deploymentName, Set<String> ids) {
        if (node.isObject()) {
            boolean isDeployment = deploymentName.equals(key) || deploymentName.equals(node.path("name").asText(null));
            if (isDeployment && node.path("replicas").isArray()) {
                for (JsonNode replica : node.get("replicas")) {
                    ids.add(replica.path("replica_id").asText());
                }
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                collectReplicaIds(field.getValue(), field.getKey(), deploymentName, ids);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collectReplicaIds(element, null, deploymentName, ids);
            }
        }
    }

    /** The shipped FruitStand config with one field of MangoStand (deployments[0]) set. */
    private Map<String, Object> withMangoStand(String field, Object value) throws Exception {
        Map<String, Object> config = new Yaml().load(Files.readString(node.home().resolve("examples/fruit_config.yaml")));
        Map<String, Object> mango = deployment(config, "MangoStand");
        assertEquals(mango, deployments(config).get(0), "MangoStand is deployments[0] in the example");
        mango.put(field, value);
        return config;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> deployments(Map<String, Object> config) {
        return (List<Map<String, Object>>) config.get("deployments");
    }

    private static Map<String, Object> deployment(Map<String, Object> config, String name) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> d : deployments(config)) {
            if (name.equals(d.get("name"))) {
                found.add(d);
            }
        }
        assertEquals(1, found.size(), () -> "one deployment named " + name + " in " + config);
        return found.get(0);
    }

    private static void writeConfig(Path file, Map<String, Object> config) throws Exception {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(file, new Yaml(options).dump(config));
    }
}
