package io.osgiserve.http.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osgiserve.config.NodeSettings;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MetricsSettingsTest {

    @Test
    void byDefaultMetricsAreOnAndThereIsNoSeparateServer() {
        assertEquals(new MetricsSettings(true, "127.0.0.1", OptionalInt.empty()),
                MetricsSettings.from(NodeSettings.from(key -> null)));
    }

    @Test
    void aMetricsPortOpensTheSeparateServerOnLoopbackUnlessAHostIsGiven() {
        assertEquals(new MetricsSettings(true, "127.0.0.1", OptionalInt.of(9464)),
                MetricsSettings.from(NodeSettings.from(Map.of("serve.metrics.port", "9464")::get)));
        assertEquals(new MetricsSettings(false, "0.0.0.0", OptionalInt.of(0)), MetricsSettings.from(NodeSettings.from(
                Map.of("serve.metrics.port", "0", "serve.metrics.host", "0.0.0.0", "serve.metrics.enabled", "false")::get)));
    }

    @Test
    void aBadValueIsOneLineNamingTheSetting() {
        assertEquals("serve.metrics.port: '70000' is not a port number (0 to 65535, or -1 for no separate metrics server)",
                assertThrows(IllegalArgumentException.class, () -> MetricsSettings.from(
                        NodeSettings.from(Map.of("serve.metrics.port", "70000")::get))).getMessage());
        assertEquals("serve.metrics.enabled: 'maybe' is not true or false",
                assertThrows(IllegalArgumentException.class, () -> MetricsSettings.from(
                        NodeSettings.from(Map.of("serve.metrics.enabled", "maybe")::get))).getMessage());
    }
}
