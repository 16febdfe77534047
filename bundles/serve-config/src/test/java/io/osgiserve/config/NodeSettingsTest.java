package io.osgiserve.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {

    @Test
    void unsetOrBlankSettingsTakeTheirDefault() {
        NodeSettings settings = NodeSettings.from(Map.of(NodeSettings.AGENT_HOST.key(), " ")::get);
        assertEquals("127.0.0.1", settings.text(NodeSettings.AGENT_HOST));
        assertEquals(52365, settings.port(NodeSettings.AGENT_PORT));
    }

    @Test
    void sizesAndDurationsTakeUnits() {
        NodeSettings.Setting size = new NodeSettings.Setting("x.size", "256m", "");
        NodeSettings.Setting time = new NodeSettings.Setting("x.time", "5m", "");
        NodeSettings settings = NodeSettings.from(key -> null);
        assertEquals(256L << 20, settings.bytes(size));
        assertEquals(Duration.ofMinutes(5), settings.duration(time));
        assertEquals(1L << 40, NodeSettings.from(key -> "1TiB").bytes(size));
        assertEquals(Duration.ofMillis(1500), NodeSettings.from(key -> "1500ms").duration(time));
        assertEquals(Duration.ofSeconds(2), NodeSettings.from(key -> "2").duration(time));
    }

    @Test
    void aValueThatDoesNotParseIsRefusedNamingTheKey() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> NodeSettings.from(key -> "70000").port(NodeSettings.AGENT_PORT));
        assertEquals("serve.agent.port: '70000' is not a port number (0 to 65535)", port.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> NodeSettings.from(key -> "lots").bytes(new NodeSettings.Setting("x.size", "1", "")));
        assertTrue(size.getMessage().startsWith("x.size: 'lots' is not a size"), size.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> NodeSettings.from(key -> "-5").bytes(new NodeSettings.Setting("x.size", "1", "")));
    }

    @Test
    void everyDefinedSettingIsListedOnce() {
        assertTrue(NodeSettings.ALL.contains(NodeSettings.AGENT_PORT));
        assertEquals(NodeSettings.ALL.size(), NodeSettings.ALL.stream().map(NodeSettings.Setting::key).distinct().count());
    }

    @Test
    void theNodeFileInKarafEtcFillsWhatThePropertiesLeaveOut(@org.junit.jupiter.api.io.TempDir java.nio.file.Path etc)
            throws Exception {
        java.nio.file.Files.writeString(etc.resolve(NodeSettings.NODE_FILE), "serve.agent.port = 6001\nserve.agent.host = 10.0.0.1\n");
        Map<String, String> properties = Map.of("karaf.etc", etc.toString(), "serve.agent.host", "127.0.0.2");

        NodeSettings settings = NodeSettings.from(properties::get);

        assertEquals(6001, settings.port(NodeSettings.AGENT_PORT));
        assertEquals("127.0.0.2", settings.text(NodeSettings.AGENT_HOST), "an option given to the node wins over the file");
    }

    /** The head serves HTTP under HeadOnly: a single node is its own; a member with members to join is not. */
    @Test
    void aNodeIsTheHeadUnlessItIsAClusterMemberWithMembersToJoin() {
        String enabled = NodeSettings.CLUSTER_ENABLED.key();
        String members = NodeSettings.CLUSTER_MEMBERS.key();
        assertTrue(NodeSettings.from(key -> null).head(), "a single node");
        assertTrue(NodeSettings.from(Map.of(members, "127.0.0.1:5701")::get).head(), "not in a cluster, members ignored");
        assertTrue(NodeSettings.from(Map.of(enabled, "true", members, " , ")::get).head(), "serve start --head");
        assertEquals(false, NodeSettings.from(Map.of(enabled, "true", members, "127.0.0.1:5701")::get).head(), "a worker");
    }
}
