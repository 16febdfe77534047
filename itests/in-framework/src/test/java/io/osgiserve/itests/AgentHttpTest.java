package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The agent (serve-http) answers the status over real HTTP, on the port the framework gives it. */
class AgentHttpTest extends NodeTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void agentAnswersDeploymentsStatusOverHttp() throws Exception {
        Map<String, Object> empty = Map.of(
                "app_status", Map.of("status", "NOT_STARTED", "message", "", "deployment_timestamp", 0),
                "deployment_statuses", List.of());
        await("the agent to answer GET /api/serve/deployments/status").atMost(DEPLOY_TIMEOUT).ignoreExceptions()
                .untilAsserted(() -> assertEquals(empty, getStatus()));

        deploy(Configs.counting(1, 3));
        awaitRunning();

        Map<String, Object> status = getStatus();
        assertEquals("RUNNING", map(status.get("app_status")).get("status"), () -> "status over HTTP: " + status);
        Set<Object> statuses = new HashSet<>(list(status.get("deployment_statuses")));
        assertEquals(Set.of(Map.of("name", "MangoStand", "status", "HEALTHY", "message", ""),
                Map.of("name", "DAGDriver", "status", "HEALTHY", "message", "")), statuses);
    }

    private Map<String, Object> getStatus() throws Exception {
        String port = context.getProperty("serve.agent.port");
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/serve/deployments/status"))
                .header("Authorization", "Bearer " + java.nio.file.Files.readString(
                        java.nio.file.Path.of(context.getProperty("serve.agent.token.file"))).trim())
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> "GET status answered " + response.statusCode() + ": "
                + response.body());
        return map(JSON.readValue(response.body(), Map.class));
    }
}
