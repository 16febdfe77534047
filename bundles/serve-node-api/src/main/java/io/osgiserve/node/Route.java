package io.osgiserve.node;

import io.osgiserve.api.HttpRequest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One route prefix and the deployment it leads to. */
public interface Route {
    String prefix();

    String deployment();

    /** The application the route belongs to (the label of its HTTP metrics and access-log lines). */
    default String application() {
        return "default";
    }

    /**
     * The application's {@code logging_config.enable_access_log} for this route, when its config writes
     * one; empty leaves the access log to the node's setting. Read per request: return a kept value.
     */
    default Optional<Boolean> accessLog() {
        return Optional.empty();
    }

    /**
     * Sends the request to one replica of the deployment (picked by the router). The future
     * completes with what the replica's {@code call(HttpRequest)} returned (an
     * {@link io.osgiserve.api.HttpResponse}, String, byte[] or a JSON value), or fails with
     * {@link ReplicaFailedException} (the user's code threw) or {@link OverloadedException} (no
     * capacity: answer 503). Returns at once: the call never blocks the caller's thread.
     */
    CompletableFuture<Object> handle(HttpRequest request);
}
