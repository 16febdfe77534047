package io.osgiserve.rest;

import io.osgiserve.api.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Requests as the ingress hands them over: the path below the route prefix, lower-case header names. */
final class Requests {
    private Requests() {
    }

    static HttpRequest get(String path) {
        return of("GET", path, "", Map.of());
    }

    static HttpRequest of(String method, String path, String query, Map<String, String> headers) {
        return new HttpRequest(method, path, query, withHost(headers), new byte[0]);
    }

    static HttpRequest json(String method, String path, String body) {
        return new HttpRequest(method, path, "", withHost(Map.of("content-type", "application/json")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> withHost(Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.putIfAbsent("host", "localhost:8123");
        return all;
    }
}
