package io.osgiserve.http.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.config.ConfigForm;
import io.osgiserve.http.testing.FakeNode;
import io.osgiserve.http.testing.Http;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Current Ray's V2 API beside Ray 2.0's V1, over real HTTP, against a node that keeps its goal in memory. */
class AgentV2ApiTest {
    private static final String V1 = "/api/serve/deployments/";
    private static final String V2 = "/api/serve/applications/";
    private static final String V1_FRUIT = "{\"import_path\": \"fruit:deployment_graph\"}";
    private static final String V2_TWO = "{\"applications\": [{\"name\": \"fruit\", \"route_prefix\": \"/fruit\","
            + " \"import_path\": \"fruit:deployment_graph\"}, {\"name\": \"eu\", \"route_prefix\": \"/eu\","
            + " \"import_path\": \"fruit:deployment_graph\", \"deployments\": [{\"name\": \"MangoStand\","
            + " \"user_config\": {\"price\": 7}}]}]}";
    private static final String TOKEN = "v2-test-token";

    @RegisterExtension
    final LiveAgent agent = new LiveAgent(TOKEN);
    private final FakeNode node = agent.node();
    private Http http;

    @BeforeEach
    void client() {
        http = agent.http();
    }

    @Test
    void aV2PutDeploysEveryApplicationOfTheDocument() throws Exception {
        HttpResponse<String> put = http.put(V2, V2_TWO, "application/json");

        assertEquals(200, put.statusCode(), put.body());
        assertEquals("", put.body());
        assertEquals(ConfigForm.MULTI_APP, node.goal().orElseThrow().form());
        assertEquals(2, node.goal().orElseThrow().applications().size());
        assertEquals(7, node.goal().orElseThrow().application("eu").orElseThrow().deployment("MangoStand")
                .orElseThrow().userConfig().orElseThrow().get("price"));
    }

    @Test
    void aV2PutOfRay20sFormIs400AndDeploysNothing() throws Exception {
        HttpResponse<String> put = http.put(V2, V1_FRUIT, "application/json");

        assertEquals(400, put.statusCode());
        assertTrue(put.body().contains("multi-application form"), put.body());
        assertEquals(0, node.deploys.get());
    }

    @Test
    void aV2PutListingNoApplicationShutsEverythingDown() throws Exception {
        assertEquals(200, http.put(V2, V2_TWO, "application/json").statusCode());

        HttpResponse<String> put = http.put(V2, "{\"applications\": []}", "application/json");

        assertEquals(200, put.statusCode(), put.body());
        assertTrue(node.goal().isEmpty());
    }

    @Test
    void aV1PutWhileV2ApplicationsRunIs400SayingToUseTheApplicationsPath() throws Exception {
        assertEquals(200, http.put(V2, V2_TWO, "application/json").statusCode());

        HttpResponse<String> put = http.put(V1, V1_FRUIT, "application/json");

        assertEquals(400, put.statusCode());
        assertTrue(put.body().contains("deploy through " + V2), put.body());
        assertEquals(1, node.deploys.get());
        assertEquals(ConfigForm.MULTI_APP, node.goal().orElseThrow().form());
    }

    @Test
    void aV2PutWhileAV1ApplicationRunsIs400SayingToShutItDownFirst() throws Exception {
        assertEquals(200, http.put(V1, V1_FRUIT, "application/json").statusCode());

        HttpResponse<String> put = http.put(V2, V2_TWO, "application/json");

        assertEquals(400, put.statusCode());
        assertTrue(put.body().contains("shut it down first (serve shutdown, or DELETE " + V1 + ")"), put.body());
        assertEquals(1, node.deploys.get());
        assertEquals(ConfigForm.SINGLE_APP, node.goal().orElseThrow().form());
    }

    @Test
    void aV1DeleteLeavesV2ApplicationsRunning() throws Exception {
        assertEquals(200, http.put(V2, V2_TWO, "application/json").statusCode());

        assertEquals(200, http.delete(V1).statusCode());

        assertEquals(0, node.shutdowns.get());
        assertEquals(2, node.goal().orElseThrow().applications().size());
        assertEquals("{\"import_path\": \"\", \"runtime_env\": {}, \"deployments\": []}", http.get(V1).body());
    }

    @Test
    void aV1DeleteRemovesTheV1Application() throws Exception {
        assertEquals(200, http.put(V1, V1_FRUIT, "application/json").statusCode());

        assertEquals(200, http.delete(V1).statusCode());

        assertTrue(node.goal().isEmpty());
    }

    @Test
    void aV2DeleteRemovesEverythingV1Included() throws Exception {
        assertEquals(200, http.put(V1, V1_FRUIT, "application/json").statusCode());

        HttpResponse<String> delete = http.delete(V2);

        assertEquals(200, delete.statusCode());
        assertEquals("", delete.body());
        assertTrue(node.goal().isEmpty());
    }

    @Test
    void aV2PutNeedsTheToken() throws Exception {
        HttpResponse<String> put = new Http(agent.port(), "wrong-token").put(V2, V2_TWO, "application/json");

        assertEquals(401, put.statusCode());
        assertEquals(0, node.deploys.get());
    }

    @Test
    void aFieldTheNodeDoesNotActOnIsRefusedByName() throws Exception {
        HttpResponse<String> put = http.put(V2, "{\"grpc_options\": {\"port\": 9000, \"grpc_servicer_functions\":"
                + " [\"a.b:c\"]}, \"applications\": [{\"import_path\": \"fruit:deployment_graph\"}]}", "application/json");

        assertEquals(400, put.statusCode());
        assertTrue(put.body().contains("grpc_options"), put.body());
        assertEquals(0, node.deploys.get());
    }

    private static final String SCALE = "/api/v1/applications/fruit/deployments/MangoStand/scale";

    private HttpResponse<String> post(Http client, String path, String body) throws Exception {
        return client.send(client.request(path).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void aScaleRequestReachesTheNodeAndIsAnsweredWithRaysMessage() throws Exception {
        HttpResponse<String> response = post(http, SCALE, "{\"target_num_replicas\": 3}");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"message\""), response.body());
        assertEquals(java.util.List.of("fruit/MangoStand=3"), node.scaled);
    }

    @Test
    void aScaleBodyThatIsNotExactlyOneWholeNumberIs400AndScalesNothing() throws Exception {
        for (String body : new String[] {"{}", "{\"target_num_replicas\": 2.5}", "[3]", "three",
                "{\"target_num_replicas\": \"3\"}", "{\"target_num_replicas\": 3, \"more\": 1}",
                "{\"target_num_replicas\": 99999999999}"}) {
            HttpResponse<String> response = post(http, SCALE, body);
            assertEquals(400, response.statusCode(), body + " -> " + response.body());
        }
        assertTrue(node.scaled.isEmpty());
    }

    @Test
    void aScaleTheNodeRefusesIs400WithItsMessage() throws Exception {
        node.refuseWith = "no application named 'fruit' (the node runs: eu)";

        HttpResponse<String> response = post(http, SCALE, "{\"target_num_replicas\": 3}");

        assertEquals(400, response.statusCode());
        assertEquals("no application named 'fruit' (the node runs: eu)", response.body().strip());
    }

    @Test
    void scaleNeedsPostAndTheToken() throws Exception {
        assertEquals(405, http.get(SCALE).statusCode());
        assertEquals(401, post(new Http(agent.port(), "wrong-token"), SCALE, "{\"target_num_replicas\": 3}").statusCode());
        assertEquals(404, post(http, "/api/v1/applications/fruit/scale", "{\"target_num_replicas\": 3}").statusCode());
        assertTrue(node.scaled.isEmpty());
    }

}
