package io.osgiserve.cluster.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.osgiserve.cluster.Versioned;
import java.util.LinkedHashMap;
import java.util.Map;

/** A versioned value as the JSON text the cluster's map and the disk mirror hold (Hazelcast sees only strings). */
final class Records {
    private Records() {
    }

    static String encode(Versioned value) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("generation", value.generation());
        doc.put("value", value.json());
        try {
            return JsonFiles.JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of a number and a string always writes", e);
        }
    }

    static Versioned decode(String text) {
        try {
            JsonNode doc = JsonFiles.JSON.readTree(text);
            JsonNode generation = doc == null ? null : doc.get("generation");
            JsonNode value = doc == null ? null : doc.get("value");
            if (generation == null || !generation.canConvertToLong() || generation.asLong() < 1 || value == null || !value.isTextual()) {
                throw new IllegalArgumentException("not a versioned value: expected {\"generation\": N >= 1, \"value\": \"...\"}");
            }
            return new Versioned(generation.asLong(), value.asText());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
