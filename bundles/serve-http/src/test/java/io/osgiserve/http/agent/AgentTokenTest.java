package io.osgiserve.http.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.config.NodeSettings;
import io.osgiserve.http.testing.FakeNode;
import io.osgiserve.http.testing.Http;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token is on by default: every call but the version needs it, and the node keeps it where the CLI finds it. */
class AgentTokenTest {

    private static final String TOKEN = "s3cret-token";

    @TempDir
    Path data;

    private AgentServer start(Map<String, String> properties, Map<String, String> env) throws Exception {
        Map<String, String> withPort = new java.util.HashMap<>(properties);
        withPort.put("serve.agent.port", "0");
        return AgentServer.start(AgentSettings.from(NodeSettings.from(withPort::get), env::get, data), new FakeNode(), "0.1.0");
    }

    @Test
    void byDefaultANodeMakesATokenInAgentTokenAndAPutWithoutItIs401SayingWhereItIs() throws Exception {
        AgentServer agent = start(Map.of(), Map.of());
        try {
            Path file = data.resolve("agent.token");
            String token = Files.readString(file).trim();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

            HttpResponse<String> without = new Http(agent.port()).put("/api/serve/deployments/", "{}", "application/json");
            HttpResponse<String> with = new Http(agent.port(), token).get("/api/serve/deployments/");

            assertEquals(401, without.statusCode());
            assertTrue(without.body().contains(file.toString()), without.body());
            assertEquals(1, without.body().lines().count());
            assertEquals(200, with.statusCode());
        } finally {
            agent.stop();
        }
    }

    @Test
    void aNodeStartedWithServeAgentTokenAcceptsThatBearerTokenAsRaysClientSendsIt() throws Exception {
        AgentServer agent = start(Map.of(), Map.of("SERVE_AGENT_TOKEN", "x"));
        try {
            assertEquals("x", Files.readString(data.resolve("agent.token")).trim(), "written where the CLI reads it");
            assertEquals(200, new Http(agent.port(), "x").get("/api/serve/deployments/status").statusCode());
            assertEquals(401, new Http(agent.port(), "y").get("/api/serve/deployments/status").statusCode());
        } finally {
            agent.stop();
        }
    }

    @Test
    void theVersionNeedsNoTokenAndEverythingElseDoes() throws Exception {
        AgentServer agent = AgentServer.start(AgentSettings.loopback(0, Optional.of(TOKEN)), new FakeNode(), "0.1.0");
        try {
            Http http = new Http(agent.port());

            HttpResponse<String> version = http.get("/api/ray/version");
            HttpResponse<String> without = http.get("/api/serve/deployments/");
            HttpResponse<String> wrong = http.send(http.request("/api/serve/deployments/")
                    .header("Authorization", "Bearer s3cret-tokeN"));
            HttpResponse<String> unknownPath = http.get("/nowhere");
            HttpResponse<String> deleteVersion = http.send(http.request("/api/ray/version").DELETE());
            HttpResponse<String> with = new Http(agent.port(), TOKEN).get("/api/serve/deployments/");

            assertEquals(200, version.statusCode());
            assertEquals(401, without.statusCode());
            assertEquals("Bearer realm=\"serve\"", without.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertEquals(401, wrong.statusCode());
            assertEquals(401, unknownPath.statusCode(), "no path is probed without the token");
            assertEquals(401, deleteVersion.statusCode(), "only GET of the version is open");
            assertEquals(200, with.statusCode());
        } finally {
            agent.stop();
        }
    }

    @Test
    void aWrongTokenGetsAnotherOneLineThanNoTokenWithoutWhatWasSent() throws Exception {
        AgentServer agent = start(Map.of(), Map.of("SERVE_AGENT_TOKEN", TOKEN));
        try {
            Http http = new Http(agent.port());

            HttpResponse<String> none = http.put("/api/serve/deployments/", "{}", "application/json");
            HttpResponse<String> wrong = new Http(agent.port(), "stale-token-of-another-node")
                    .put("/api/serve/deployments/", "{}", "application/json");
            HttpResponse<String> basic = http.send(http.request("/api/serve/deployments/status")
                    .header("Authorization", "Basic dXNlcjpwYXNz"));

            assertEquals(401, none.statusCode());
            assertEquals(401, wrong.statusCode());
            assertEquals(401, basic.statusCode());
            assertEquals(1, wrong.body().strip().lines().count(), wrong.body());
            assertTrue(wrong.body().contains("not this node's token"), wrong.body());
            assertTrue(wrong.body().contains(data.resolve("agent.token").toString()), "says where the right one is: " + wrong.body());
            assertFalse(wrong.body().contains("stale-token"), "the token sent is not echoed: " + wrong.body());
            assertFalse(wrong.body().contains(TOKEN), "nor the node's: " + wrong.body());
            assertFalse(none.body().contains("not this node's token"), none.body());
            assertTrue(basic.body().contains("another scheme"), basic.body());
            assertFalse(basic.body().contains("dXNlcjpwYXNz"), basic.body());
        } finally {
            agent.stop();
        }
    }

    @Test
    void aTokenDifferingOnlyInCaseIsRefusedOnAKeptAliveConnection() throws Exception {
        AgentServer agent = AgentServer.start(AgentSettings.loopback(0, Optional.of(TOKEN)), new FakeNode(), "0.1.0");
        try {
            Http http = new Http(agent.port());

            HttpResponse<String> right = http.send(http.request("/api/serve/deployments/status")
                    .header("Authorization", "Bearer " + TOKEN));
            HttpResponse<String> upperCase = http.send(http.request("/api/serve/deployments/status")
                    .header("Authorization", "Bearer " + TOKEN.toUpperCase()));

            assertEquals(200, right.statusCode());
            assertEquals(401, upperCase.statusCode());
        } finally {
            agent.stop();
        }
    }

    @Test
    void noAuthAsksForNothingOnLoopback() throws Exception {
        AgentServer agent = start(Map.of("serve.agent.auth", "false"), Map.of("SERVE_AGENT_TOKEN", "ignored"));
        try {
            HttpResponse<String> put = new Http(agent.port()).send(new Http(agent.port()).request("/api/serve/deployments/")
                    .DELETE());
            assertEquals(200, put.statusCode());
            assertTrue(Files.notExists(data.resolve("agent.token")));
        } finally {
            agent.stop();
        }
    }

    @Test
    void nonLoopbackBindWithATokenAndInsecureStartsAndAsksForTheToken() throws Exception {
        AgentServer agent = start(Map.of("serve.agent.host", "0.0.0.0", "serve.agent.insecure", "true",
                "serve.agent.token", TOKEN), Map.of());
        try {
            assertEquals(401, new Http(agent.port()).get("/api/serve/deployments/status").statusCode());
            assertEquals(200, new Http(agent.port(), TOKEN).get("/api/serve/deployments/status").statusCode());
        } finally {
            agent.stop();
        }
    }

}
