package io.osgiserve.http.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.http.testing.FakeNode;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where the agent listens, and what it says when it cannot. */
class AgentStartTest {

    @Test
    void settingsDefaultToLoopbackOnRaysAgentPort() {
        AgentSettings settings = AgentSettings.from(name -> null);

        assertEquals(new AgentSettings("127.0.0.1", 52365, Optional.empty()), settings);
    }

    @Test
    void settingsComeFromTheFrameworkProperties() {
        Map<String, String> properties = Map.of(
                "serve.agent.host", "0.0.0.0", "serve.agent.port", "6001", "serve.agent.token", "t");

        assertEquals(new AgentSettings("0.0.0.0", 6001, Optional.of("t")), AgentSettings.from(properties::get));
    }

    @Test
    void aPortThatIsNoNumberIsNamedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentSettings.from(Map.of("serve.agent.port", "52z")::get));

        assertEquals("serve.agent.port: '52z' is not a port number (0 to 65535)", e.getMessage());
    }

    @Test
    void aTakenPortFailsWithItsNumberAndHowToChooseAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            AgentStartException e = assertThrows(AgentStartException.class, () -> AgentServer.start(
                    new AgentSettings("127.0.0.1", port, Optional.empty()), new FakeNode(), "0.1.0"));

            assertEquals("serve agent: port " + port + " on 127.0.0.1 is already in use; choose another with"
                    + " -Dserve.agent.port=PORT (serve start --agent-port PORT)", e.getMessage());
        }
    }

    @Test
    void afterStopThePortRefusesConnections() throws Exception {
        AgentServer agent = AgentServer.start(new AgentSettings("127.0.0.1", 0, Optional.empty()), new FakeNode(), "0.1.0");
        int port = agent.port();

        agent.stop();

        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    }
}
