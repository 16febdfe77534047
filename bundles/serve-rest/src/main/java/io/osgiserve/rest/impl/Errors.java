package io.osgiserve.rest.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osgiserve.api.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The JSON error body every error answer carries: {@code {"error": "<one line>"}}, as the rest of the node. */
final class Errors {
    static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Errors() {
    }

    static Map<String, String> body(String message) {
        return Map.of("error", message);
    }

    static HttpResponse json(int status, String message) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body(message));
        } catch (JsonProcessingException e) {
            bytes = "{\"error\":\"unprintable error\"}".getBytes(StandardCharsets.UTF_8);
        }
        return new HttpResponse(status, JSON_TYPE, bytes);
    }
}
