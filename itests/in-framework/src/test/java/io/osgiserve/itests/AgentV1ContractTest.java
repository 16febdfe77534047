package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ray 2.0's V1 agent API, end to end over HTTP against the real runtime. */
class AgentV1ContractTest extends NodeTestSupport {
    private static final String DEPLOYMENTS = "/api/serve/deployments/";
    private static final String STATUS = "/api/serve/deployments/status";
    private static final Map<String, Object> NOTHING_DEPLOYED = Map.of(
            "import_path", "", "runtime_env", Map.of(), "deployments", List.of());
    private static final Map<String, Object> NOT_STARTED = Map.of(
            "app_status", Map.of("status", "NOT_STARTED", "message", "", "deployment_timestamp", 0),
            "deployment_statuses", List.of());

    private ServeHttp http;

    @BeforeEach
    void agentAnswers() {
        http = new ServeHttp(context);
        await("the agent to answer").atMost(DEPLOY_TIMEOUT).ignoreExceptions()
                .until(() -> http.agentGet("/api/ray/version").statusCode() == 200);
    }

    @Test
    void emptyNodeAnswersRaysEmptyConfigAndNotStartedStatus() throws Exception {
        assertEquals(NOTHING_DEPLOYED, http.agentJson(DEPLOYMENTS));
        assertEquals(NOT_STARTED, http.agentJson(STATUS));
    }

    @Test
    void yamlConfigPutIsReturnedByGetAsTheSameDocumentTwice() throws Exception {
        String yaml = Configs.fruitYaml();
        Map<String, Object> asWritten = new ObjectMapper(new YAMLFactory()).readValue(yaml,
                new TypeReference<LinkedHashMap<String, Object>>() {
                });

        HttpResponse<String> put = http.agentPut(DEPLOYMENTS, yaml, "application/yaml");

        assertEquals(200, put.statusCode(), () -> "PUT answered " + ServeHttp.describe(put));
        assertEquals("", put.body(), "Ray's PUT answers 200 with an empty body");
        assertEquals(asWritten, http.agentJson(DEPLOYMENTS), "GET right after the PUT");
        awaitRunning();
        assertEquals(asWritten, http.agentJson(DEPLOYMENTS), "GET again once the app is RUNNING");
    }

    @Test
    void unknownFieldIsRefusedWith400NamingTheFieldAndNothingIsDeployed() throws Exception {
        HttpResponse<String> response = http.agentPut(DEPLOYMENTS, "{\"not_a_real_field\": \"value\"}",
                "application/json");

        assertEquals(400, response.statusCode(), () -> "PUT answered " + ServeHttp.describe(response));
        assertTrue(response.body().contains("not_a_real_field"),
                () -> "the 400 body should name the unknown field: " + response.body());
        assertEquals(NOTHING_DEPLOYED, http.agentJson(DEPLOYMENTS));
        assertEquals(NOT_STARTED, http.agentJson(STATUS));
    }

    @Test
    void deleteAnswers200ClosesTheIngressPortAndStatusIsNotStartedAgain() throws Exception {
        http.deployYaml(Configs.fruitYaml());
        awaitRunning();
        HttpResponse<String> served = http.post("/", "[\"MANGO\", 2]");
        assertEquals(200, served.statusCode(), () -> "POST / before the DELETE answered " + ServeHttp.describe(served));

        HttpResponse<String> deleted = http.agentDelete(DEPLOYMENTS);

        assertEquals(200, deleted.statusCode(), () -> "DELETE answered " + ServeHttp.describe(deleted));
        assertEquals("", deleted.body(), "Ray's DELETE answers 200 with an empty body");
        await("the ingress port to refuse connections after DELETE").atMost(DEPLOY_TIMEOUT)
                .until(http::ingressRefusesConnections);
        assertEquals(NOT_STARTED, http.agentJson(STATUS));
        assertEquals(NOTHING_DEPLOYED, http.agentJson(DEPLOYMENTS));
    }
}
