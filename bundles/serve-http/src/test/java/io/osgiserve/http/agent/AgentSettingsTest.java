package io.osgiserve.http.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osgiserve.config.NodeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentSettingsTest {

    @TempDir
    Path data;

    private Optional<String> token(Map<String, String> properties, Map<String, String> env) throws Exception {
        return AgentSettings.from(NodeSettings.from(properties::get), env::get, data).token();
    }

    @Test
    void theTokenComesFromServeAgentTokenElseTheSettingElseTheFileElseANewOne() throws Exception {
        Map<String, String> env = Map.of("SERVE_AGENT_TOKEN", "from-env");
        assertEquals(Optional.of("from-env"), token(Map.of("serve.agent.token", "from-prop"), env),
                "serve start --token (handed on as SERVE_AGENT_TOKEN) wins over the node's file");
        assertEquals(Optional.of("from-prop"), token(Map.of("serve.agent.token", "from-prop"), Map.of()));
        assertEquals(Optional.of("from-env"), token(Map.of(), env));
        assertEquals(Optional.of("from-env"), token(Map.of(), Map.of()), "the file keeps the last token");
        Files.delete(data.resolve("agent.token"));
        String fresh = token(Map.of(), Map.of()).orElseThrow();
        assertEquals(fresh, Files.readString(data.resolve("agent.token")).trim());
    }

    @Test
    void noAuthHasNoToken() throws Exception {
        assertEquals(Optional.empty(), token(Map.of("serve.agent.auth", "false"), Map.of("SERVE_AGENT_TOKEN", "x")));
    }
}
