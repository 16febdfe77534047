package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node as current Ray's {@code serve} CLI (2.58) sees it: a client that speaks exactly as that CLI does
 * (version probe without the token, then the V2 API with it, bodies holding only the keys the user wrote)
 * and reads the details document as strictly as Ray's client (unknown or missing keys fail).
 */
class RayCurrentClientTest extends NodeTestSupport {
    private static final String V2 = "/api/serve/applications/";
    // Ray 2.58's ServeInstanceDetails, ApplicationDetails, DeploymentDetails: extra keys refused, these required
    private static final Set<String> INSTANCE = Set.of("controller_info", "proxy_location", "http_options", "grpc_options",
            "proxies", "deploy_mode", "applications", "target_capacity");
    private static final Set<String> APPLICATION = Set.of("name", "route_prefix", "docs_path", "status", "message",
            "last_deployed_time_s", "deployed_app_config", "source", "deployments", "external_scaler_enabled");
    private static final Set<String> DEPLOYMENT = Set.of("name", "status", "status_trigger", "message",
            "deployment_config", "target_num_replicas", "required_resources", "replicas", "recent_dead_replicas");
    private static final Set<String> REPLICA_REQUIRED = Set.of("replica_id", "state", "pid", "start_time_s", "node_id",
            "node_ip", "node_instance_id", "actor_id", "actor_name", "worker_id", "log_file_path");
    private static final Set<String> VERSION_FIELDS = Set.of("version", "ray_version", "ray_commit", "session_name");
    private static final Set<String> REPLICA_STATES = Set.of("STARTING", "UPDATING", "RECOVERING", "RUNNING", "STOPPING",
            "STOPPED", "PENDING_MIGRATION");

    /** What the user wrote: FruitStand at /fruit, a copy at /eu whose MangoStand costs 7. */
    private static final String TWO_APPS = """
            applications:
            - name: fruit
              route_prefix: /fruit
              import_path: fruit:deployment_graph
            - name: eu
              route_prefix: /eu
              import_path: fruit:deployment_graph
              deployments:
              - name: MangoStand
                user_config:
                  price: 7
            """;
    private static final String ONLY_FRUIT = TWO_APPS.substring(0, TWO_APPS.indexOf("- name: eu"));

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ServeHttp http;
    private String agent;

    @BeforeEach
    void agentAnswers() {
        http = new ServeHttp(context);
        agent = "http://127.0.0.1:" + context.getProperty("serve.agent.port");
        await("the agent to answer").atMost(DEPLOY_TIMEOUT).ignoreExceptions()
                .until(() -> http.agentGet("/api/ray/version").statusCode() == 200);
    }

    @Test
    void twoApplicationsFromOneFileStatusConfigDropOneDeclarativelyAndShutDown() throws Exception {
        serveDeploy(TWO_APPS);
        await("both applications RUNNING").atMost(DEPLOY_TIMEOUT).until(() -> statuses().equals(
                Map.of("fruit", "RUNNING", "eu", "RUNNING")));

        assertEquals(14, price("/eu", "[\"MANGO\", 2]"));
        assertEquals(6, price("/fruit", "[\"MANGO\", 2]"));
        Map<String, Object> details = details();
        Map<String, Object> apps = map(details.get("applications"));
        assertEquals(Set.of(details.get("controller_info") instanceof Map<?, ?> c ? c.get("node_id") : null),
                map(details.get("proxies")).keySet(), "proxies keyed by the node id");
        // serve config: each application's deployed_app_config is what the user wrote for it
        List<Map<String, Object>> written = entries(yaml(TWO_APPS).get("applications"));
        assertEquals(written.get(0), map(apps.get("fruit")).get("deployed_app_config"));
        assertEquals(written.get(1), map(apps.get("eu")).get("deployed_app_config"));
        Set<String> fruitReplicas = appReplicaIds("fruit");

        serveDeploy(ONLY_FRUIT);
        await("eu deleted").atMost(DEPLOY_TIMEOUT).until(() -> !map(details().get("applications")).containsKey("eu"));

        assertEquals(fruitReplicas, appReplicaIds("fruit"), "fruit's replicas stay while eu goes");
        assertEquals("RUNNING", statuses().get("fruit"));
        assertEquals(404, http.post("/eu", "[\"MANGO\", 2]").statusCode());
        assertEquals(6, price("/fruit", "[\"MANGO\", 2]"));

        serveShutdown();
        await("the ingress closed").atMost(DEPLOY_TIMEOUT).until(http::ingressRefusesConnections);
        Map<String, Object> none = new LinkedHashMap<>();
        none.put("deploy_mode", "MULTI_APP");
        none.put("controller_info", Map.of());
        none.put("proxies", Map.of());
        none.put("applications", Map.of());
        none.put("target_capacity", null);
        assertEquals(none, details(), "Ray's answer when no Serve instance runs");
    }

    @Test
    void aMaxOngoingRequestsChangeInTheMultiApplicationFormKeepsTheReplicas() throws Exception {
        serveDeploy(ONLY_FRUIT);
        await("fruit RUNNING").atMost(DEPLOY_TIMEOUT).until(() -> "RUNNING".equals(statuses().get("fruit")));
        Set<String> before = appReplicaIds("fruit");

        serveDeploy(ONLY_FRUIT + "  deployments:\n  - name: MangoStand\n    max_ongoing_requests: 9\n");

        await("MangoStand runs with max_ongoing_requests 9").atMost(DEPLOY_TIMEOUT).until(() -> {
            Map<String, Object> mango = map(map(map(map(details().get("applications")).get("fruit"))
                    .get("deployments")).get("MangoStand"));
            return Integer.valueOf(9).equals(map(mango.get("deployment_config")).get("max_ongoing_requests"))
                    && "RUNNING".equals(statuses().get("fruit"));
        });
        assertEquals(before, appReplicaIds("fruit"));
    }

    @Test
    void theScaleApiSetsADeploymentsReplicasOnTheRealNode() throws Exception {
        serveDeploy(ONLY_FRUIT);
        await("fruit RUNNING").atMost(DEPLOY_TIMEOUT).until(() -> "RUNNING".equals(statuses().get("fruit")));

        HttpResponse<String> scaled = send(request("/api/v1/applications/fruit/deployments/PearStand/scale")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"target_num_replicas\": 3}")));
        assertEquals(200, scaled.statusCode(), () -> "scale answered " + ServeHttp.describe(scaled));
        await("PearStand at 3 replicas").atMost(DEPLOY_TIMEOUT).until(() -> list(map(map(map(map(
                details().get("applications")).get("fruit")).get("deployments")).get("PearStand")).get("replicas"))
                .stream().filter(r -> "RUNNING".equals(map(r).get("state"))).count() == 3);

        HttpResponse<String> unknown = send(request("/api/v1/applications/fruit/deployments/Nope/scale")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"target_num_replicas\": 3}")));
        assertEquals(400, unknown.statusCode(), () -> "scale answered " + ServeHttp.describe(unknown));
        assertTrue(unknown.body().contains("Nope"), unknown.body());
        serveShutdown();
    }

    // ------------------------------------------------------------------ the client, as Ray 2.58's CLI

    /** {@code serve deploy FILE}: the version probe (no token), then a PUT of the file's keys as JSON. */
    private void serveDeploy(String file) throws Exception {
        probeVersion();
        HttpResponse<String> put = send(request(V2).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(yaml(file)))));
        assertEquals(200, put.statusCode(), () -> "PUT answered " + ServeHttp.describe(put));
        assertEquals("", put.body());
    }

    /** {@code serve shutdown -y}: version, GET (a null controller node id means none runs), DELETE. */
    private void serveShutdown() throws Exception {
        probeVersion();
        assertNotNull(map(details().get("controller_info")).get("node_id"), "a Serve instance runs");
        HttpResponse<String> delete = send(request(V2).DELETE());
        assertEquals(200, delete.statusCode(), () -> "DELETE answered " + ServeHttp.describe(delete));
    }

    private void probeVersion() throws Exception {
        HttpResponse<String> version = client.send(HttpRequest.newBuilder(URI.create(agent + "/api/ray/version")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, version.statusCode());
        // the dashboard's VersionResponse of Ray 2.58: these four fields; the serve CLI reads ray_version
        Map<?, ?> fields = json.readValue(version.body(), Map.class);
        assertEquals(VERSION_FIELDS, fields.keySet(), "version fields");
        assertTrue(((String) fields.get("ray_version")).matches("\\d+\\.\\d+\\.\\d+"), "a release number: " + fields);
        String[] release = ((String) fields.get("ray_version")).split("\\.");
        int major = Integer.parseInt(release[0]);
        int minor = Integer.parseInt(release[1]);
        assertTrue(major > 1 || (major == 1 && minor >= 12), "the CLI needs ray_version >= 1.12: " + version.body());
    }

    /** {@code GET /api/serve/applications/}, parsed as strictly as Ray's client parses it. */
    private Map<String, Object> details() throws Exception {
        HttpResponse<String> response = send(request(V2).GET());
        assertEquals(200, response.statusCode(), () -> "GET answered " + ServeHttp.describe(response));
        Map<String, Object> doc = json.readValue(response.body(), new TypeReference<LinkedHashMap<String, Object>>() { });
        if (map(doc.get("applications")).isEmpty()) {
            return doc;
        }
        assertEquals(INSTANCE, doc.keySet(), "instance keys");
        assertEquals("MULTI_APP", doc.get("deploy_mode"));
        for (Object a : map(doc.get("applications")).values()) {
            assertEquals(APPLICATION, map(a).keySet(), "application keys");
            for (Object d : map(map(a).get("deployments")).values()) {
                assertEquals(DEPLOYMENT, map(d).keySet(), "deployment keys");
                for (Object r : list(map(d).get("replicas"))) {
                    assertTrue(map(r).keySet().containsAll(REPLICA_REQUIRED), () -> "replica keys: " + r);
                    assertTrue(REPLICA_STATES.contains(map(r).get("state")), () -> "replica state: " + r);
                }
            }
        }
        return doc;
    }

    private Map<String, String> statuses() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        map(details().get("applications")).forEach((name, a) -> out.put(name, (String) map(a).get("status")));
        return out;
    }

    private Set<String> appReplicaIds(String app) throws Exception {
        Set<String> ids = new LinkedHashSet<>();
        for (Object d : map(map(map(details().get("applications")).get(app)).get("deployments")).values()) {
            for (Object r : list(map(d).get("replicas"))) {
                ids.add((String) map(r).get("replica_id"));
            }
        }
        return ids;
    }

    private int price(String path, String body) throws Exception {
        HttpResponse<String> response = http.post(path, body);
        assertEquals(200, response.statusCode(), () -> "POST " + path + " answered " + ServeHttp.describe(response));
        return Integer.parseInt(response.body().trim());
    }

    private HttpRequest.Builder request(String path) throws Exception {
        return HttpRequest.newBuilder(URI.create(agent + path)).header("Authorization", "Bearer " + http.agentToken());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> yaml(String text) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Object o) {
        return new ArrayList<>((List<Map<String, Object>>) o);
    }
}
