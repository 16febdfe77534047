package io.osgiserve.http.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.config.NodeSettings;
import io.osgiserve.http.testing.FakeNode;
import io.osgiserve.http.testing.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No DNS rebinding (Host checked), no CSRF (a mutating request from another origin refused). */
class AgentOriginTest {

    private static final String TOKEN = "origin-test-token";
    private static final String FRUIT = "{\"import_path\": \"fruit:deployment_graph\", \"runtime_env\": {}}";

    @TempDir
    Path data;

    private final FakeNode node = new FakeNode();
    private AgentServer agent;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> properties = Map.of("serve.agent.port", "0", "serve.agent.token", TOKEN,
                "serve.agent.host.names", "serve-node.internal");
        agent = AgentServer.start(AgentSettings.from(NodeSettings.from(properties::get), name -> null, data), node, "0.1.0");
    }

    @AfterEach
    void stop() {
        agent.stop();
    }

    @Test
    void aHostThatIsNeitherLoopbackNorGivenIs403EvenWithTheTokenAndForTheVersion() throws Exception {
        String status = exchange("GET /api/serve/deployments/status", "attacker.example:" + agent.port(), TOKEN);
        String version = exchange("GET /api/ray/version", "attacker.example", null);

        assertTrue(status.startsWith("HTTP/1.1 403"), status);
        assertTrue(status.contains("attacker.example") && status.contains("--agent-host-names"), status);
        assertTrue(version.startsWith("HTTP/1.1 403"), version);
    }

    @Test
    void loopbackNamesAndTheGivenNamesAreAnswered() throws Exception {
        for (String host : new String[] {"127.0.0.1:" + agent.port(), "localhost:" + agent.port(), "[::1]:" + agent.port(),
                "serve-node.internal:" + agent.port(), "SERVE-NODE.internal"}) {
            String answer = exchange("GET /api/serve/deployments/status", host, TOKEN);
            assertTrue(answer.startsWith("HTTP/1.1 200"), host + ": " + answer);
        }
    }

    @Test
    void aPutWithAForeignOriginIs403AndDeploysNothing() throws Exception {
        HttpResponse<String> foreign = new Http(agent.port(), TOKEN).send(new Http(agent.port(), TOKEN)
                .request("/api/serve/deployments/").header("Origin", "http://attacker.example")
                .header("Content-Type", "application/json").PUT(BodyPublishers.ofString(FRUIT)));
        HttpResponse<String> nullOrigin = new Http(agent.port(), TOKEN).send(new Http(agent.port(), TOKEN)
                .request("/api/serve/deployments/").header("Origin", "null").DELETE());

        assertEquals(403, foreign.statusCode());
        assertTrue(foreign.body().contains("another origin"), foreign.body());
        assertEquals(403, nullOrigin.statusCode());
        assertEquals(0, node.deploys.get());
    }

    @Test
    void aPutFromTheAgentsOwnOriginOrWithoutOriginGoesThrough() throws Exception {
        Http http = new Http(agent.port(), TOKEN);
        HttpResponse<String> same = http.send(http.request("/api/serve/deployments/")
                .header("Origin", "http://127.0.0.1:" + agent.port())
                .header("Content-Type", "application/json").PUT(BodyPublishers.ofString(FRUIT)));
        HttpResponse<String> none = http.put("/api/serve/deployments/", FRUIT, "application/json");
        HttpResponse<String> foreignRead = http.send(http.request("/api/serve/deployments/status")
                .header("Origin", "http://attacker.example"));

        assertEquals(200, same.statusCode(), same.body());
        assertEquals(200, none.statusCode(), none.body());
        assertEquals(200, foreignRead.statusCode(), "a read carries no side effect; its Host is checked instead");
        assertEquals(2, node.deploys.get());
    }

    /** One request over a raw socket, so that the Host header is the test's own; the status line and body. */
    private String exchange(String requestLine, String host, String token) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", agent.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            String request = requestLine + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Connection: close\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

}
