package io.osgiserve.http.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.http.testing.FakeNode;
import io.osgiserve.http.testing.Http;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The agent binds off loopback only with a token, and then asks every request for it. */
class AgentTokenTest {

    private static final String TOKEN = "s3cret-token";

    @Test
    void withATokenARequestWithoutItIs401AndWithItIs200() throws Exception {
        AgentServer agent = AgentServer.start(new AgentSettings("127.0.0.1", 0, Optional.of(TOKEN)), new FakeNode(), "0.1.0");
        try {
            Http http = new Http(agent.port());

            HttpResponse<String> without = http.get("/api/serve/deployments/");
            HttpResponse<String> wrong = http.send(http.request("/api/serve/deployments/")
                    .header("Authorization", "Bearer s3cret-tokeN"));
            HttpResponse<String> unknownPath = http.get("/nowhere");
            HttpResponse<String> with = http.send(http.request("/api/serve/deployments/")
                    .header("Authorization", "Bearer " + TOKEN));

            assertEquals(401, without.statusCode());
            assertEquals("Bearer realm=\"serve\"", without.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertEquals(401, wrong.statusCode());
            assertEquals(401, unknownPath.statusCode(), "no path is probed without the token");
            assertEquals(200, with.statusCode());
        } finally {
            agent.stop();
        }
    }

    @Test
    void aTokenDifferingOnlyInCaseIsRefusedOnAKeptAliveConnection() throws Exception {
        AgentServer agent = AgentServer.start(new AgentSettings("127.0.0.1", 0, Optional.of(TOKEN)), new FakeNode(), "0.1.0");
        try {
            Http http = new Http(agent.port());

            HttpResponse<String> right = http.send(http.request("/api/ray/version")
                    .header("Authorization", "Bearer " + TOKEN));
            HttpResponse<String> upperCase = http.send(http.request("/api/ray/version")
                    .header("Authorization", "Bearer " + TOKEN.toUpperCase()));

            assertEquals(200, right.statusCode());
            assertEquals(401, upperCase.statusCode());
        } finally {
            agent.stop();
        }
    }

    @Test
    void nonLoopbackBindWithoutATokenRefusesToStart() {
        AgentStartException refused = assertThrows(AgentStartException.class,
                () -> AgentServer.start(new AgentSettings("0.0.0.0", 0, Optional.empty()), new FakeNode(), "0.1.0"));

        assertTrue(refused.getMessage().contains("set SERVE_AGENT_TOKEN"), refused.getMessage());
        assertEquals(1, refused.getMessage().lines().count());
    }

    @Test
    void nonLoopbackBindWithATokenStarts() throws Exception {
        AgentServer agent = AgentServer.start(new AgentSettings("0.0.0.0", 0, Optional.of(TOKEN)), new FakeNode(), "0.1.0");
        try {
            HttpResponse<String> response = new Http(agent.port()).send(new Http(agent.port())
                    .request("/api/ray/version").header("Authorization", "Bearer " + TOKEN));
            assertEquals(200, response.statusCode());
        } finally {
            agent.stop();
        }
    }
}
