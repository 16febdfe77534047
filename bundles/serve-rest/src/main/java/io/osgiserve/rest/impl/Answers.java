package io.osgiserve.rest.impl;

import io.osgiserve.api.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** An answer from a resource's status, headers and body bytes, whichever path (Jersey's or the fast one) produced them. */
final class Answers {
    /** Framing headers: the ingress writes its own for the bytes it sends. */
    private static final Set<String> HOP_BY_HOP = Set.of("content-length", "transfer-encoding", "connection");

    private Answers() {
    }

    /**
     * The answer with {@code headers} as the resource set them (Content-Type among them, or none); framing
     * headers dropped. A header value with a line break makes it a 500: it would split the answer.
     */
    static HttpResponse of(int status, Map<String, List<String>> headers, byte[] body) {
        String contentType = null;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            String lower = h.getKey().toLowerCase(Locale.ROOT);
            if (lower.equals("content-type")) {
                contentType = h.getValue().isEmpty() ? null : h.getValue().get(0);
            } else if (!HOP_BY_HOP.contains(lower)) {
                copy.put(h.getKey(), List.copyOf(h.getValue()));
            }
        }
        try {
            return new HttpResponse(status, contentType, copy, body);
        } catch (IllegalArgumentException e) {
            return Errors.json(500, "the resource's answer cannot be sent: " + OneLine.of(e));
        }
    }
}
