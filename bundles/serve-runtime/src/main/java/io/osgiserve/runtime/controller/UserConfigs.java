package io.osgiserve.runtime.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/** user_config as the replicas get it: each replica its own copy, so what one does to its map no other sees. */
final class UserConfigs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private UserConfigs() {
    }

    static Map<String, Object> copy(Map<String, Object> userConfig) {
        if (userConfig == null) {
            return null;
        }
        try {
            return JSON.readValue(toJson(userConfig), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("user_config cannot be read back from JSON", e);
        }
    }

    static String toJson(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("user_config cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
