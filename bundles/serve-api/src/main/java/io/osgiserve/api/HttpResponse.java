package io.osgiserve.api;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A full HTTP answer from a routed deployment: status, content type, further headers (such as
 * {@code Location}) and body. Other return values are written by the ingress as follows: a String as
 * text/plain, a byte[] as application/octet-stream, anything else as JSON.
 */
public final class HttpResponse {
    private final int status;
    private final String contentType;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    public HttpResponse(int status, String contentType, byte[] body) {
        this(status, contentType, Map.of(), body);
    }

    /**
     * An answer with further headers, names as given; Content-Type is {@code contentType}, not one of them.
     *
     * @throws IllegalArgumentException when a header is Content-Type, or a name or value holds a line
     *     break or a name is blank (either would let one header become two)
     */
    public HttpResponse(int status, String contentType, Map<String, List<String>> headers, byte[] body) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            String name = h.getKey();
            if (name == null || name.isBlank() || breaks(name)) {
                throw new IllegalArgumentException("a response header name is blank or holds a line break: " + name);
            }
            if (name.equalsIgnoreCase("content-type")) {
                throw new IllegalArgumentException("Content-Type is the response's contentType, not one of its further headers");
            }
            for (String value : h.getValue()) {
                if (value == null || breaks(value)) {
                    throw new IllegalArgumentException("the response header " + name + " has a null value or a line break");
                }
            }
            copy.put(name, List.copyOf(h.getValue()));
        }
        this.status = status;
        this.contentType = contentType;
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body.clone();
    }

    public static HttpResponse text(int status, String text) {
        return new HttpResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean breaks(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    /** The headers besides Content-Type, in the order they were given. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of header {@code name} (any case; Content-Type included), or null. */
    public String header(String name) {
        if (name.toLowerCase(Locale.ROOT).equals("content-type")) {
            return contentType;
        }
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
                return h.getValue().get(0);
            }
        }
        return null;
    }

    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
