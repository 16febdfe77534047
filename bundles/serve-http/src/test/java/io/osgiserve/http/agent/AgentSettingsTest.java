package io.osgiserve.http.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {

    @Test
    void theTokenComesFromThePropertyElseFromServeAgentTokenInTheEnvironment() {
        Map<String, String> env = Map.of("SERVE_AGENT_TOKEN", "from-env");
        assertEquals(Optional.of("from-env"), AgentSettings.from(k -> null, env::get).token());
        assertEquals(Optional.of("from-prop"),
                AgentSettings.from(Map.of("serve.agent.token", "from-prop")::get, env::get).token());
        assertEquals(Optional.empty(), AgentSettings.from(k -> null, k -> null).token());
    }
}
