package io.osgiserve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.cli.client.AgentAddress;
import io.osgiserve.cli.client.AgentException;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressResolutionTest {

    @Test
    void theFlagComesFirst() {
        assertEquals("http://flag:1", AgentAddress.resolve("http://flag:1",
                Map.of("SERVE_AGENT_ADDRESS", "http://serve:2", "RAY_AGENT_ADDRESS", "http://ray:3")));
    }

    @Test
    void thenServeAgentAddress() {
        assertEquals("http://serve:2", AgentAddress.resolve(null,
                Map.of("SERVE_AGENT_ADDRESS", "http://serve:2", "RAY_AGENT_ADDRESS", "http://ray:3")));
    }

    @Test
    void thenRayDashboardAddressAsCurrentRayReadsIt() {
        assertEquals("http://dash:4", AgentAddress.resolve(null,
                Map.of("RAY_DASHBOARD_ADDRESS", "http://dash:4", "RAY_AGENT_ADDRESS", "http://ray:3"), () -> "http://127.0.0.1:1"));
        assertEquals("http://serve:2", AgentAddress.resolve(null,
                Map.of("SERVE_AGENT_ADDRESS", "http://serve:2", "RAY_DASHBOARD_ADDRESS", "http://dash:4")));
    }

    @Test
    void thenRayAgentAddress() {
        assertEquals("http://ray:3", AgentAddress.resolve(null, Map.of("RAY_AGENT_ADDRESS", "http://ray:3")));
    }

    @Test
    void thenTheNodeThisInstallationStarted() {
        assertEquals("http://127.0.0.1:52400", AgentAddress.resolve(null, Map.of(), () -> "http://127.0.0.1:52400"));
        assertEquals("http://ray:3", AgentAddress.resolve(null, Map.of("RAY_AGENT_ADDRESS", "http://ray:3"),
                () -> "http://127.0.0.1:52400"));
        assertEquals("http://localhost:52365", AgentAddress.resolve(null, Map.of(), () -> null));
    }

    @Test
    void elseLocalhost52365() {
        assertEquals("http://localhost:52365", AgentAddress.resolve(null, Map.of()));
        assertEquals("http://localhost:52365", AgentAddress.resolve("", Map.of("SERVE_AGENT_ADDRESS", " ")));
    }

    @Test
    void aBareHostAndPortGetsHttpAndTrailingSlashesGo() {
        assertEquals("http://10.0.0.5:52365", AgentAddress.resolve("10.0.0.5:52365/", Map.of()));
    }

    @Test
    void anAddressThatIsNoHttpUrlIsRefusedInOneLine() {
        AgentException e = assertThrows(AgentException.class,
                () -> AgentAddress.resolve("ftp://host:1", Map.of()));
        assertEquals("Invalid agent address 'ftp://host:1': use http://HOST:PORT or https://HOST:PORT.", e.getMessage());
    }

    /** End to end: each source in turn is the one the command line uses. */
    @Test
    void theCommandLineTalksToTheResolvedAgent() throws IOException {
        try (FakeAgent flag = new FakeAgent(); FakeAgent serve = new FakeAgent(); FakeAgent ray = new FakeAgent()) {
            String status = "{\"app_status\": {\"status\": \"NOT_STARTED\", \"message\": \"\", \"deployment_timestamp\": 0}, \"deployment_statuses\": []}";
            for (FakeAgent agent : new FakeAgent[] {flag, serve, ray}) {
                agent.answer("GET", "/api/serve/deployments/status", 200, status);
            }
            Serve both = Serve.cli().env("SERVE_AGENT_ADDRESS", serve.address()).env("RAY_AGENT_ADDRESS", ray.address());

            assertAnswers(flag, () -> both.run("status", "-a", flag.address()));
            assertAnswers(serve, () -> both.run("status"));
            assertAnswers(ray, () -> Serve.cli().env("RAY_AGENT_ADDRESS", ray.address()).run("status"));
            assertAnswers(serve, () -> Serve.cli().env("RAY_DASHBOARD_ADDRESS", serve.address())
                    .env("RAY_AGENT_ADDRESS", ray.address()).run("status"));
            assertEquals(1, flag.requests("GET", "/api/serve/deployments/status").size());
            assertEquals(2, serve.requests("GET", "/api/serve/deployments/status").size());
            assertEquals(1, ray.requests("GET", "/api/serve/deployments/status").size());
        }
    }

    private static void assertAnswers(FakeAgent agent, java.util.function.Supplier<Serve.Result> run) {
        Serve.Result result = run.get();
        assertEquals(0, result.exit(), agent.address() + ": " + result.err());
        assertTrue(result.out().startsWith("app_status:"), result.out());
    }
}
