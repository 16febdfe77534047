package io.osgiserve.http.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's documents come out as Python's json.dumps writes them; the ingress's compact. */
class JsonWritersTest {

    @Test
    void agentDocumentsUsePythonsSeparatorsAndEscapes() throws Exception {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", "Mangö");
        document.put("list", List.of(1, 2));
        document.put("empty", Map.of());
        document.put("none", null);

        assertEquals("{\"name\": \"Mang\\u00F6\", \"list\": [1, 2], \"empty\": {}, \"none\": null}",
                JsonWriters.PYTHON_STYLE.writeValueAsString(document));
    }

    @Test
    void floatsAreWrittenAsPythonsRepr() {
        assertEquals("1700000000.5", JsonWriters.pythonFloat(1700000000.5));
        assertEquals("1.0", JsonWriters.pythonFloat(1.0));
        assertEquals("-2.5", JsonWriters.pythonFloat(-2.5));
        assertEquals("0.0001", JsonWriters.pythonFloat(0.0001));
        assertEquals("1e-05", JsonWriters.pythonFloat(0.00001));
        assertEquals("1.5e+20", JsonWriters.pythonFloat(1.5e20));
        assertEquals("1e+16", JsonWriters.pythonFloat(1e16));
        assertEquals("0.0", JsonWriters.pythonFloat(0.0));
        assertEquals("-0.0", JsonWriters.pythonFloat(-0.0));
    }

    @Test
    void aFloatInADocumentKeepsItsDigits() throws Exception {
        assertEquals("{\"deployment_timestamp\": 1700000000.25, \"smoothing_factor\": 0.1}",
                JsonWriters.PYTHON_STYLE.writeValueAsString(
                        map("deployment_timestamp", 1700000000.25, "smoothing_factor", 0.1f)));
    }

    @Test
    void ingressResultsAreCompact() throws Exception {
        assertEquals("{\"a\":[1,2]}", JsonWriters.COMPACT.writeValueAsString(Map.of("a", List.of(1, 2))));
        assertEquals("6", JsonWriters.COMPACT.writeValueAsString(6));
    }

    private static Map<String, Object> map(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }
}
