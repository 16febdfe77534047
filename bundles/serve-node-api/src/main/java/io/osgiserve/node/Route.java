package io.osgiserve.node;

import io.osgiserve.api.HttpRequest;
import java.util.concurrent.CompletableFuture;

/** One route prefix and the deployment it leads to. */
public interface Route {
    String prefix();

    String deployment();

    /**
     * Sends the request to one replica of the deployment (picked by the router). The future
     * completes with what the replica's {@code call(HttpRequest)} returned (an
     * {@link io.osgiserve.api.HttpResponse}, String, byte[] or a JSON value), or fails with
     * {@link ReplicaFailedException} (the user's code threw) or {@link OverloadedException} (no
     * capacity: answer 503). Returns at once: the call never blocks the caller's thread.
     */
    CompletableFuture<Object> handle(HttpRequest request);
}
