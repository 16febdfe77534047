package io.osgiserve.rest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A REST deployment's whole answer: status, headers (names as the resource set them, hop-by-hop
 * headers left to the ingress) and the body bytes.
 */
public record RestResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public RestResponse {
        headers = Map.copyOf(headers);
    }

    /** The first value of the header {@code name} (any case), or null. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
