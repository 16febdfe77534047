package io.osgiserve.api;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;

/**
 * An HTTP request as the ingress hands it to a routed deployment's {@code call(HttpRequest)} method.
 * Header names are lower case.
 */
public final class HttpRequest {
    private final String method;
    private final String path;
    private final String query;
    private final Map<String, String> headers;
    private final byte[] body;

    public HttpRequest(String method, String path, String query, Map<String, String> headers, byte[] body) {
        this.method = method;
        this.path = path;
        this.query = query == null ? "" : query;
        this.headers = Collections.unmodifiableMap(headers);
        this.body = body;
    }

    public String method() {
        return method;
    }

    /** The path below the deployment's route prefix, starting with '/'. */
    public String path() {
        return path;
    }

    public String query() {
        return query;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body.clone();
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
