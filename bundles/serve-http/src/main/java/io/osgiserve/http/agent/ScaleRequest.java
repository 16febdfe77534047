package io.osgiserve.http.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Ray's scale API: {@code POST /api/v1/applications/{app}/deployments/{deployment}/scale} with
 * {@code {"target_num_replicas": N}}. Names are single path segments of at most {@value #MAX_NAME} characters.
 */
record ScaleRequest(String app, String deployment) {
    static final String PREFIX = "/api/v1/applications/";
    static final int MAX_NAME = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The request {@code path} names, or empty when it is not a scale path. */
    static Optional<ScaleRequest> at(String path) {
        if (!path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = path.substring(PREFIX.length()).split("/", -1);
        int n = parts.length > 0 && parts[parts.length - 1].isEmpty() ? parts.length - 1 : parts.length;
        if (n != 4 || !parts[1].equals("deployments") || !parts[3].equals("scale") || !name(parts[0]) || !name(parts[2])) {
            return Optional.empty();
        }
        return Optional.of(new ScaleRequest(parts[0], parts[2]));
    }

    private static boolean name(String s) {
        return !s.isEmpty() && s.length() <= MAX_NAME;
    }

    /**
     * The body's {@code target_num_replicas}.
     *
     * @throws IllegalArgumentException with a one-line reason for the 400
     */
    static int targetOf(byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON: expected {\"target_num_replicas\": N}");
        }
        if (node == null || !node.isObject() || node.size() != 1 || !node.has("target_num_replicas")) {
            throw new IllegalArgumentException("the body must be {\"target_num_replicas\": N} and nothing else");
        }
        JsonNode n = node.get("target_num_replicas");
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException("target_num_replicas: must be a whole number, got " + n);
        }
        return n.intValue();
    }
}
