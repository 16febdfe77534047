package io.osgiserve.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccessLogTest {

    private static String line(String requestId, String application, String route, String deployment, String replica,
                               String method, int status, long latencyNanos) {
        return AccessLog.format(new StringBuilder(), requestId, application, route, deployment, replica, method, status,
                latencyNanos).toString();
    }

    @Test
    void aLineHasTheDocumentedKeysInOrderWithLatencyInMillisecondsToTheMicrosecond() {
        assertEquals("request_id=5f0c2a81 application=fruit route=/ deployment=DAGDriver replica=DAGDriver#k2x9"
                        + " method=POST status=200 latency_ms=1.234",
                line("5f0c2a81", "fruit", "/", "DAGDriver", "DAGDriver#k2x9", "POST", 200, 1_234_567));
        assertTrue(line("r", "a", "/", "d", "x", "GET", 503, 12_000_005_000L).endsWith("status=503 latency_ms=12000.005"));
        assertTrue(line("r", "a", "/", "d", "x", "GET", 200, 7_000).endsWith("latency_ms=0.007"));
    }

    @Test
    void missingValuesAreADash() {
        assertEquals("request_id=- application=- route=- deployment=- replica=- method=GET status=404 latency_ms=0.050",
                line(null, "", null, null, null, "GET", 404, 50_000));
    }

    @Test
    void whatAClientSendsCannotBreakTheLineOrForgeAKey() {
        String forged = line("abc\nrequest_id=evil status=200", "fruit", "/", "D", "D#1", "GET", 500, 1_000_000);
        assertFalse(forged.contains("\n"), forged);
        assertEquals("request_id=\"abc\\nrequest_id=evil status=200\" application=fruit route=/ deployment=D replica=D#1"
                + " method=GET status=500 latency_ms=1.000", forged);

        String quoted = line("a\"b\\c\u0007", "fruit", "/", "D", "D#1", "GET", 200, 0);
        assertTrue(quoted.startsWith("request_id=\"a\\\"b\\\\c\\u0007\" "), quoted);
    }

    @Test
    void aLongValueIsCut() {
        String line = line("x".repeat(10_000), "fruit", "/", "D", "D#1", "GET", 200, 0);
        assertTrue(line.startsWith("request_id=" + "x".repeat(AccessLog.MAX_VALUE) + "... application=fruit"), line);
        assertTrue(line.length() < 300, "line of " + line.length() + " characters");
    }
}
