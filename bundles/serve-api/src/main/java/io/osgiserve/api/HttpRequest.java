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
    private final String scheme;

    public HttpRequest(String method, String path, String query, Map<String, String> headers, byte[] body) {
        this(method, path, query, headers, body, "http");
    }

    /** As the ingress makes it: {@code scheme} is how the client reached the node, {@code http} or {@code https}. */
    public HttpRequest(String method, String path, String query, Map<String, String> headers, byte[] body, String scheme) {
        this.scheme = "https".equalsIgnoreCase(scheme) ? "https" : "http";
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

    /** {@code https} when the client reached the node over TLS, else {@code http}: for links the deployment builds. */
    public String scheme() {
        return scheme;
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
