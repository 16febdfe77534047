package io.osgiserve.http.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osgiserve.http.testing.FakeNode;
import io.osgiserve.http.testing.Http;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ray 2.0's V1 agent API, over real HTTP, against a node that keeps its goal in memory. */
class AgentApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEPLOYMENTS = "/api/serve/deployments/";
    private static final String FRUIT_JSON = "{\"import_path\": \"fruit:deployment_graph\", \"runtime_env\": {},"
            + " \"deployments\": [{\"name\": \"MangoStand\", \"num_replicas\": 2, \"user_config\": {\"price\": 3}},"
            + " {\"name\": \"DAGDriver\", \"route_prefix\": \"/\", \"health_check_period_s\": 2.5}]}";

    private static final String TOKEN = "api-test-token";

    @RegisterExtension
    final LiveAgent agent = new LiveAgent(TOKEN);
    private final FakeNode node = agent.node();
    private Http http;

    @BeforeEach
    void client() {
        http = agent.http();
    }

    @Test
    void versionAnswersCurrentRaysFourFields() throws Exception {
        HttpResponse<String> response = http.get("/api/ray/version");

        assertEquals(200, response.statusCode());
        JsonNode version = JSON.readTree(response.body());
        assertEquals(List.of("version", "ray_version", "ray_commit", "session_name"), fieldNames(version));
        assertEquals("4", version.get("version").asText());
        assertEquals("2.58.0", version.get("ray_version").asText());
        assertEquals("osgi-serve-0.1.0", version.get("ray_commit").asText());
        assertTrue(version.get("session_name").asText().matches("session_\\d{4}-\\d\\d-\\d\\d_\\d\\d-\\d\\d-\\d\\d_\\d{6}_\\d+"),
                version::toString);
    }

    @Test
    void nothingDeployedGivesRaysEmptyConfigByteForByte() throws Exception {
        HttpResponse<String> response = http.get(DEPLOYMENTS);

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"import_path\": \"\", \"runtime_env\": {}, \"deployments\": []}", response.body());
    }

    @Test
    void statusIsTheNodesDocumentWrittenAsPythonWouldWriteIt() throws Exception {
        HttpResponse<String> response = http.get("/api/serve/deployments/status");

        assertEquals(200, response.statusCode());
        assertEquals("{\"app_status\": {\"status\": \"NOT_STARTED\", \"message\": \"\", \"deployment_timestamp\": 0},"
                + " \"deployment_statuses\": []}", response.body());
    }

    @Test
    void putThenGetGivesTheSameDocumentTwice() throws Exception {
        HttpResponse<String> put = http.put(DEPLOYMENTS, FRUIT_JSON, "application/json");
        assertEquals(200, put.statusCode(), put.body());
        assertEquals("", put.body());

        HttpResponse<String> first = http.get(DEPLOYMENTS);
        HttpResponse<String> second = http.get(DEPLOYMENTS);

        assertEquals(200, first.statusCode());
        assertEquals(FRUIT_JSON, first.body());
        assertEquals(first.body(), second.body());
    }

    @Test
    void theDeployCarriesTheCallersAddressToTheNode() throws Exception {
        assertEquals(200, http.put(DEPLOYMENTS, FRUIT_JSON, "application/json").statusCode());

        // the node's file: policy depends on it: only loopback callers may name files outside the allowed roots
        assertTrue(node.lastCaller != null && node.lastCaller.isLoopbackAddress(), () -> "caller: " + node.lastCaller);
    }

    @Test
    void fieldsLeftOutOfThePutStayOutOfTheGet() throws Exception {
        String minimal = "{\"import_path\": \"fruit:deployment_graph\"}";
        assertEquals(200, http.put(DEPLOYMENTS, minimal, "application/json").statusCode());

        assertEquals(minimal, http.get(DEPLOYMENTS).body());
    }

    @Test
    void yamlBodyIsAcceptedWithItsContentType() throws Exception {
        String yaml = "import_path: fruit:deployment_graph\nruntime_env: {}\ndeployments:\n"
                + "- name: MangoStand\n  num_replicas: 2\n  user_config:\n    price: 3\n"
                + "- name: DAGDriver\n  route_prefix: /\n  health_check_period_s: 2.5\n";

        HttpResponse<String> put = http.put(DEPLOYMENTS, yaml, "application/yaml");

        assertEquals(200, put.statusCode(), put.body());
        assertEquals(FRUIT_JSON, http.get(DEPLOYMENTS).body());
    }

    @Test
    void unknownFieldIs400NamingTheFieldAndDeploysNothing() throws Exception {
        HttpResponse<String> response = http.put(DEPLOYMENTS, "{\"not_a_real_field\": \"value\"}", "application/json");

        assertEquals(400, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertTrue(response.body().contains("not_a_real_field"), response.body());
        assertEquals(0, node.deploys.get());
        assertEquals("{\"import_path\": \"\", \"runtime_env\": {}, \"deployments\": []}", http.get(DEPLOYMENTS).body());
    }

    @Test
    void aMultiApplicationConfigIsRefusedByTheTwoZeroApi() throws Exception {
        String multi = "{\"applications\": [{\"name\": \"fruit\", \"import_path\": \"fruit:deployment_graph\"}]}";

        HttpResponse<String> response = http.put(DEPLOYMENTS, multi, "application/json");

        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("applications: is the multi-application form"), response.body());
        assertEquals(0, node.deploys.get());
    }

    @Test
    void everyFieldErrorComesOnItsOwnLine() throws Exception {
        String twoErrors = "{\"import_path\": \"fruit:deployment_graph\", \"deployments\": ["
                + "{\"name\": \"A\", \"num_replicas\": 0}, {\"name\": \"B\", \"max_concurrent_queries\": -1}]}";

        HttpResponse<String> response = http.put(DEPLOYMENTS, twoErrors, "application/json");

        assertEquals(400, response.statusCode());
        List<String> lines = response.body().lines().toList();
        assertEquals(2, lines.size(), response.body());
        assertTrue(lines.get(0).startsWith("deployments[0].num_replicas"), lines.get(0));
        assertTrue(lines.get(1).startsWith("deployments[1].max_concurrent_queries"), lines.get(1));
    }

    @Test
    void aDeployTheNodeRefusesIs400WithItsMessage() throws Exception {
        node.refuseWith = "the ingress listens on 0.0.0.0:8000; shut down first to move it to 0.0.0.0:9000";

        HttpResponse<String> response = http.put(DEPLOYMENTS, FRUIT_JSON, "application/json");

        assertEquals(400, response.statusCode());
        assertEquals(node.refuseWith, response.body());
    }

    @Test
    void deleteIs200EmptyAndTheGoalIsGone() throws Exception {
        http.put(DEPLOYMENTS, FRUIT_JSON, "application/json");

        HttpResponse<String> response = http.delete(DEPLOYMENTS);

        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
        assertEquals(1, node.shutdowns.get());
        assertEquals("{\"import_path\": \"\", \"runtime_env\": {}, \"deployments\": []}", http.get(DEPLOYMENTS).body());
    }

    @Test
    void pathsWorkWithAndWithoutTheTrailingSlash() throws Exception {
        assertEquals(200, http.put("/api/serve/deployments", FRUIT_JSON, "application/json").statusCode());
        assertEquals(FRUIT_JSON, http.get("/api/serve/deployments").body());
        assertEquals(200, http.get("/api/serve/deployments/status/").statusCode());
        assertEquals(200, http.get("/api/ray/version/").statusCode());
        assertEquals(200, http.get("/api/serve/applications").statusCode());
    }

    @Test
    void applicationsIsTheNodesDetailsDocument() throws Exception {
        HttpResponse<String> response = http.get("/api/serve/applications/");

        assertEquals(200, response.statusCode());
        JsonNode replica = JSON.readTree(response.body()).at("/deployments/MangoStand/replicas/0");
        assertEquals("MangoStand#1", replica.get("replica_id").asText());
    }

    @Test
    void bodyOverOneMebibyteIs413() throws Exception {
        // a declared length over the limit is refused before a byte of the body is read: the client
        // sends only the headers and reads the verdict (no race with the server's close while it writes)
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", agent.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("PUT " + DEPLOYMENTS + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (1024 * 1024 + 1) + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 413 Payload Too Large", statusLine);
        }
        assertEquals(0, node.deploys.get());
    }

    @Test
    void chunkedBodyOverOneMebibyteIs413() throws Exception {
        byte[] big = ("{\"import_path\": \"" + "a".repeat(1024 * 1024) + "\"}").getBytes();

        HttpResponse<String> response = http.send(http.request(DEPLOYMENTS)
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));

        assertEquals(413, response.statusCode());
        assertEquals(0, node.deploys.get());
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> post = http.send(http.request(DEPLOYMENTS).POST(BodyPublishers.ofString(FRUIT_JSON)));
        HttpResponse<String> deleteStatus = http.delete("/api/serve/deployments/status");

        assertEquals(405, post.statusCode());
        assertEquals("GET, PUT, DELETE", post.headers().firstValue("Allow").orElseThrow());
        assertEquals(405, deleteStatus.statusCode());
        assertEquals("GET", deleteStatus.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void unknownPathIs404WithAJsonError() throws Exception {
        HttpResponse<String> response = http.get("/api/serve/nothing");

        assertEquals(404, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no agent endpoint at /api/serve/nothing", JSON.readTree(response.body()).get("error").asText());
    }

    @Test
    void aNodeFailureIs500WithOneLineAndNoStackTrace() throws Exception {
        node.statusFailure = new IllegalStateException("status model not ready\nsecond line");

        HttpResponse<String> response = http.get("/api/serve/deployments/status");

        assertEquals(500, response.statusCode());
        assertEquals(1, response.body().lines().count(), response.body());
        assertTrue(response.body().contains("status model not ready"), response.body());
        assertFalse(response.body().contains("at io.osgiserve"), response.body());
        node.statusFailure = null;
        assertEquals(200, http.get("/api/serve/deployments/status").statusCode());
    }

    @Test
    void aMalformedRequestGetsOneLineOfJsonFromJetty() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", agent.port())) {
            socket.getOutputStream().write("GET /api/ray/version HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n".getBytes());
            String answer = new String(socket.getInputStream().readAllBytes());

            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertEquals("400 Bad Request", JSON.readTree(body).get("error").asText());
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
