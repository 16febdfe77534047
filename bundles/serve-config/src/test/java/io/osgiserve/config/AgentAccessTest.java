package io.osgiserve.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentAccessTest {

    private static Optional<String> refusal(Map<String, String> values) {
        return AgentAccess.refusal(NodeSettings.from(values::get));
    }

    @Test
    void loopbackNeedsNeitherTlsNorInsecure() {
        assertEquals(Optional.empty(), refusal(Map.of()));
        assertEquals(Optional.empty(), refusal(Map.of("serve.agent.auth", "false")));
    }

    @Test
    void beyondLoopbackPlainHttpIsRefusedInOneLineUnlessInsecure() {
        String reason = refusal(Map.of("serve.agent.host", "0.0.0.0")).orElseThrow();
        assertTrue(reason.contains("0.0.0.0") && reason.contains("--insecure") && reason.contains("--agent-tls-certfile"), reason);
        assertEquals(1, reason.lines().count());
        assertEquals(Optional.empty(), refusal(Map.of("serve.agent.host", "0.0.0.0", "serve.agent.insecure", "true")));
        assertEquals(Optional.empty(), refusal(Map.of("serve.agent.host", "0.0.0.0",
                "serve.agent.tls.certfile", "c.pem", "serve.agent.tls.keyfile", "k.pem")));
    }

    @Test
    void noAuthIsForLoopbackOnlyEvenWithInsecure() {
        String reason = refusal(Map.of("serve.agent.host", "0.0.0.0", "serve.agent.auth", "false",
                "serve.agent.insecure", "true")).orElseThrow();
        assertTrue(reason.contains("loopback only"), reason);
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() {
        assertTrue(refusal(Map.of("serve.agent.tls.certfile", "c.pem")).orElseThrow().contains("both a certificate and its key"));
    }
}
