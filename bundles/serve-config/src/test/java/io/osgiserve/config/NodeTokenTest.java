package io.osgiserve.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The internal port's token follows the agent's rule: the start's SERVE_AGENT_TOKEN, then the node's file, then agent.token. */
class NodeTokenTest {
    @TempDir
    Path data;

    private static NodeSettings node(String fileToken) {
        return NodeSettings.from(Map.of(NodeSettings.AGENT_TOKEN.key(), fileToken)::get);
    }

    @Test
    void theTokenOfTheStartWinsOverTheNodesFileAsForTheAgent() {
        assertEquals("from-start", NodeToken.given(node("from-file"), Map.of("SERVE_AGENT_TOKEN", " from-start ")::get));
        assertEquals("from-file", NodeToken.given(node("from-file"), key -> null));
        assertEquals(Optional.of("from-start"),
                NodeToken.of(node("from-file"), Map.of("SERVE_AGENT_TOKEN", "from-start")::get, data).current());
    }

    @Test
    void withNeitherTheTokenIsTheOneTheAgentKeptInItsFile() throws Exception {
        Files.writeString(data.resolve("agent.token"), "kept\n");
        assertEquals(Optional.of("kept"), NodeToken.of(node(""), key -> null, data).current());
    }
}
