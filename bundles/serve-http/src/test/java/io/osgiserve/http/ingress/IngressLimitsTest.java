package io.osgiserve.http.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.config.NodeSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngressLimitsTest {

    @Test
    void theDefaultsBoundBodiesBufferingAndSlowClientsAndHideExceptionText() {
        IngressLimits limits = IngressLimits.defaults();

        assertEquals(16L << 20, limits.maxBody());
        assertEquals(64L << 20, limits.maxBuffered());
        assertEquals(Duration.ofSeconds(30), limits.idleTimeout());
        assertEquals(Duration.ofSeconds(60), limits.bodyTimeout());
        assertFalse(limits.debugErrors());
    }

    @Test
    void theNodesSettingsSetThem() {
        IngressLimits limits = IngressLimits.from(NodeSettings.from(Map.of(
                "serve.http.max_body_bytes", "1m",
                "serve.http.max_buffered_bytes", "8m",
                "serve.http.idle_timeout", "5s",
                "serve.http.body_timeout", "1500ms",
                "serve.http.debug_errors", "true")::get));

        assertEquals(1L << 20, limits.maxBody());
        assertEquals(8L << 20, limits.maxBuffered());
        assertEquals(Duration.ofSeconds(5), limits.idleTimeout());
        assertEquals(Duration.ofMillis(1500), limits.bodyTimeout());
        assertTrue(limits.debugErrors());
    }

    @Test
    void aValueThatCannotWorkIsRefusedNamingItsKey() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> IngressLimits.from(
                NodeSettings.from(Map.of("serve.http.body_timeout", "0s")::get)));
        assertTrue(zero.getMessage().contains("serve.http.body_timeout"), zero.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class, () -> IngressLimits.from(
                NodeSettings.from(Map.of("serve.http.max_body_bytes", "4g")::get)));
        assertTrue(huge.getMessage().startsWith("serve.http.max_body_bytes"), huge.getMessage());
    }
}
