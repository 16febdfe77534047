package io.osgiserve.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.osgi.framework.BundleContext;

/**
 * A user's view of a node: the agent and the ingress over real HTTP/1.1 on loopback, on the ports the
 * build reserved (framework properties serve.agent.port and serve.http.port).
 */
final class ServeHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Bounds every request, so a request the node never answers fails the test instead of hanging it. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final int agentPort;
    private final int ingressPort;
    private final Path tokenFile;

    ServeHttp(BundleContext context) {
        this.agentPort = Integer.parseInt(context.getProperty("serve.agent.port"));
        this.ingressPort = Integer.parseInt(context.getProperty("serve.http.port"));
        this.tokenFile = Path.of(context.getProperty("serve.agent.token.file"));
    }

    /** The agent's token, as the node wrote it (the agent asks every call but the version for it). */
    String agentToken() throws IOException {
        return Files.readString(tokenFile).trim();
    }

    // ------------------------------------------------------------------ the agent

    HttpResponse<String> agentGet(String path) throws IOException, InterruptedException {
        return send(agentRequest(path).GET().build());
    }

    HttpResponse<String> agentPut(String path, String body, String contentType) throws IOException,
            InterruptedException {
        return send(agentRequest(path).header("Content-Type", contentType)
                .PUT(BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> agentDelete(String path) throws IOException, InterruptedException {
        return send(agentRequest(path).DELETE().build());
    }

    /** GET {@code path} from the agent, which must answer 200 with a JSON object. */
    Map<String, Object> agentJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = agentGet(path);
        assertEquals(200, response.statusCode(), () -> "GET " + path + " answered " + describe(response));
        return JSON.readValue(response.body(), new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    /** PUTs {@code app} to /api/serve/deployments/ as JSON, as Ray's client does; the agent must take it. */
    void deploy(Map<String, Object> app) throws IOException, InterruptedException {
        HttpResponse<String> response = agentPut("/api/serve/deployments/", JSON.writeValueAsString(app),
                "application/json");
        assertEquals(200, response.statusCode(), () -> "PUT /api/serve/deployments/ answered " + describe(response));
    }

    /** PUTs a YAML config to /api/serve/deployments/; the agent must take it. */
    void deployYaml(String yaml) throws IOException, InterruptedException {
        HttpResponse<String> response = agentPut("/api/serve/deployments/", yaml, "application/yaml");
        assertEquals(200, response.statusCode(), () -> "PUT /api/serve/deployments/ answered " + describe(response));
    }

    /** The replica ids GET /api/serve/applications/ lists for {@code deployment}. */
    Set<String> replicaIds(String deployment) throws IOException, InterruptedException {
        Map<String, Object> doc = agentJson("/api/serve/applications/");
        Map<String, Object> app = NodeTestSupport.map(NodeTestSupport.map(doc.get("applications")).get("default"));
        Object details = NodeTestSupport.map(app.get("deployments")).get(deployment);
        if (details == null) {
            throw new AssertionError("no deployment " + deployment + " in GET /api/serve/applications/: " + doc);
        }
        Set<String> ids = new LinkedHashSet<>();
        List<Object> replicas = NodeTestSupport.list(NodeTestSupport.map(details).get("replicas"));
        replicas.forEach(r -> ids.add((String) NodeTestSupport.map(r).get("replica_id")));
        return ids;
    }

    // ------------------------------------------------------------------ the ingress

    /** A request to the ingress with any method and an optional JSON body. */
    HttpResponse<String> ingress(String method, String path, String json) throws IOException, InterruptedException {
        return send(request(ingressPort, path).header("Content-Type", "application/json")
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(postRequest(path, json));
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, String json) {
        return client.sendAsync(postRequest(path, json), BodyHandlers.ofString());
    }

    /** True when nothing listens on the ingress port (a fresh socket, not a pooled HTTP connection). */
    boolean ingressRefusesConnections() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", ingressPort), 1000);
            return false;
        } catch (ConnectException refused) {
            return true;
        }
    }

    static String describe(HttpResponse<String> response) {
        return response.statusCode() + " " + response.headers().map() + ": " + response.body();
    }

    private HttpRequest postRequest(String path, String json) {
        return request(ingressPort, path).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)).build();
    }

    /** A request to the agent with the node's token, as an operator's client sends it. */
    private HttpRequest.Builder agentRequest(String path) throws IOException {
        return request(agentPort, path).header("Authorization", "Bearer " + agentToken());
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(REQUEST_TIMEOUT);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, BodyHandlers.ofString());
    }
}
