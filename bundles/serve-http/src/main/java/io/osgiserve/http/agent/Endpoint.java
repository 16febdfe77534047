package io.osgiserve.http.agent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

/** The agent's resources (Ray 2.0's V1 API and current Ray's V2 API) and what each accepts. */
enum Endpoint {
    VERSION("/api/ray/version", "GET"),
    DEPLOYMENTS("/api/serve/deployments", "GET", "PUT", "DELETE"),
    STATUS("/api/serve/deployments/status", "GET"),
    APPLICATIONS("/api/serve/applications", "GET", "PUT", "DELETE"),
    LOGS("/api/serve/logs", "GET"),
    EVENTS("/api/serve/events", "GET"),
    /** Ours (the cluster's nodes, as serve nodes lists them). */
    NODES("/api/serve/nodes", "GET");

    private static final Map<String, Endpoint> BY_PATH = new HashMap<>();

    static {
        for (Endpoint endpoint : values()) {
            BY_PATH.put(endpoint.path, endpoint);
        }
    }

    private final String path;
    private final List<String> methods;
    private final HttpField allow;

    Endpoint(String path, String... methods) {
        this.path = path;
        this.methods = List.of(methods);
        this.allow = new HttpField(HttpHeader.ALLOW, String.join(", ", methods));
    }

    /** The endpoint at {@code path}, with or without a trailing slash; null when there is none. */
    static Endpoint at(String path) {
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return BY_PATH.get(path);
    }

    boolean allows(String method) {
        return methods.contains(method);
    }

    /** The {@code Allow} header a 405 carries. */
    HttpField allow() {
        return allow;
    }
}
