package io.osgiserve.http.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.config.NodeSettings;
import io.osgiserve.http.testing.FakeNode;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the agent listens, and what it says when it must not or cannot. */
class AgentStartTest {

    @TempDir
    Path data;

    private AgentSettings settings(Map<String, String> properties) throws AgentStartException {
        return AgentSettings.from(NodeSettings.from(properties::get), name -> null, data);
    }

    @Test
    void settingsDefaultToLoopbackOnRaysAgentPortWithAToken() throws Exception {
        AgentSettings settings = settings(Map.of());

        assertEquals("127.0.0.1", settings.host());
        assertEquals(52365, settings.port());
        assertTrue(settings.token().isPresent());
        assertEquals(Optional.of(data.resolve("agent.token")), settings.tokenFile());
        assertEquals(1024 * 1024, settings.maxBody());
    }

    @Test
    void settingsComeFromTheNodeSettings() throws Exception {
        AgentSettings settings = settings(Map.of("serve.agent.host", "10.1.2.3", "serve.agent.port", "6001",
                "serve.agent.token", "t", "serve.agent.insecure", "true", "serve.agent.host.names", "node1.example, node1"));

        assertEquals("10.1.2.3", settings.host());
        assertEquals(6001, settings.port());
        assertEquals(Optional.of("t"), settings.token());
        assertEquals(List.of("node1.example", "node1", "10.1.2.3"), settings.hostNames());
    }

    @Test
    void aPortThatIsNoNumberIsNamedInOneLine() {
        AgentStartException e = assertThrows(AgentStartException.class, () -> settings(Map.of("serve.agent.port", "52z")));

        assertEquals("serve agent: serve.agent.port: '52z' is not a whole number", e.getMessage());
    }

    @Test
    void beyondLoopbackWithoutTlsOrInsecureTheAgentRefusesToStartInOneLine() {
        AgentStartException e = assertThrows(AgentStartException.class, () -> settings(Map.of("serve.agent.host", "0.0.0.0")));

        assertTrue(e.getMessage().contains("over plain HTTP") && e.getMessage().contains("--insecure"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void noAuthBeyondLoopbackIsRefused() {
        AgentStartException e = assertThrows(AgentStartException.class, () -> settings(Map.of(
                "serve.agent.host", "0.0.0.0", "serve.agent.auth", "false", "serve.agent.insecure", "true")));

        assertTrue(e.getMessage().contains("loopback only"), e.getMessage());
    }

    @Test
    void aTakenPortFailsWithItsNumberAndHowToChooseAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            AgentStartException e = assertThrows(AgentStartException.class, () -> AgentServer.start(
                    AgentSettings.loopback(port, Optional.of("t")), new FakeNode(), "0.1.0"));

            assertEquals("serve agent: port " + port + " on 127.0.0.1 is already in use; choose another with"
                    + " -Dserve.agent.port=PORT (serve start --agent-port PORT)", e.getMessage());
        }
    }

    @Test
    void afterStopThePortRefusesConnections() throws Exception {
        AgentServer agent = AgentServer.start(AgentSettings.loopback(0, Optional.of("t")), new FakeNode(), "0.1.0");
        int port = agent.port();

        agent.stop();

        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    }
}
