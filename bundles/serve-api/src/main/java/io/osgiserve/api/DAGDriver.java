package io.osgiserve.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The built-in ingress of a deployment graph (the counterpart of Ray Serve's DAGDriver). With the
 * {@link #JSON_REQUEST} adapter the request's JSON body is the graph's input: a JSON array is spread
 * into the entry method's arguments, any other value is its single argument. The result is written
 * back as JSON by the ingress.
 */
public final class DAGDriver {
    /** The adapter that reads the request body as JSON. */
    public static final String JSON_REQUEST = "json_request";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeploymentMethod entry;
    private final String httpAdapter;

    public DAGDriver(DeploymentMethod entry, String httpAdapter) {
        if (!JSON_REQUEST.equals(httpAdapter)) {
            throw new IllegalArgumentException("unknown http_adapter '" + httpAdapter + "' (known: json_request)");
        }
        this.entry = entry;
        this.httpAdapter = httpAdapter;
    }

    /** The graph's ingress node: routed at {@code /}, calling {@code entry} with each request's input. */
    public static BoundDeployment bind(BoundMethod entry, String httpAdapter) {
        return Deployment.of(DAGDriver.class).routePrefix("/").bind(entry, httpAdapter);
    }

    public CompletableFuture<Object> call(HttpRequest request) {
        Object input;
        try {
            input = request.body().length == 0 ? null : JSON.readValue(request.body(), Object.class);
        } catch (IOException e) {
            String error = "the request body is not JSON (" + httpAdapter + "): "
                    + e.getMessage().lines().findFirst().orElse("");
            try {
                return CompletableFuture.completedFuture(new HttpResponse(400, "application/json",
                        JSON.writeValueAsBytes(java.util.Map.of("error", error))));
            } catch (IOException unexpected) {
                return CompletableFuture.completedFuture(HttpResponse.text(400, error));
            }
        }
        Object[] args = input instanceof List<?> list ? list.toArray() : new Object[] {input};
        return entry.remote(args);
    }
}
