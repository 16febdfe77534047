package io.osgiserve.http.ingress;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.http.jetty.Reply;
import io.osgiserve.metrics.AccessLog;
import io.osgiserve.metrics.HttpRouteMetrics;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.node.Ingress.RouteSource;
import io.osgiserve.node.RequestIds;
import io.osgiserve.node.Route;
import io.osgiserve.node.RouteTable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request to the deployment its path routes to and writes the answer when the
 * deployment's future completes; no thread waits for a replica.
 */
final class IngressHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(IngressHandler.class);
    private static final byte[] NO_BODY = new byte[0];

    private final IngressLimits limits;
    private final BufferBudget budget;
    private final ServeMetrics metrics;
    private final boolean accessLog;
    private final AccessLines lines;
    private final RouteHandles handles;
    private volatile RouteSource routes;

    /** Where access-log lines go: the node's logger {@value AccessLog#LOGGER}, or a test's list. */
    interface AccessLines {
        AccessLines LOGGER = AccessLog::log;

        void line(String requestId, String application, String route, String deployment, String replica,
                String method, int status, long latencyNanos);
    }

    IngressHandler(RouteSource routes, IngressLimits limits) {
        this(routes, limits, ServeMetrics.off(), false, AccessLines.LOGGER);
    }

    /** @param accessLog the node's serve.access.log: for routes whose application's config says nothing */
    IngressHandler(RouteSource routes, IngressLimits limits, ServeMetrics metrics, boolean accessLog, AccessLines lines) {
        this.routes = routes;
        this.limits = limits;
        this.budget = new BufferBudget(limits.maxBuffered());
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.lines = lines;
        this.handles = new RouteHandles(metrics);
    }

    void routes(RouteSource routes) {
        this.routes = routes;
    }

    /** Request body bytes held now, all requests together. */
    long bufferedBytes() {
        return budget.held();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        metrics.httpRequestStarted();
        long started = System.nanoTime();
        String path = Request.getPathInContext(request);
        Routed routed = new Routed();
        // one id for the access log, the replica's log context and a 500's reply
        String id = RequestIds.of(request.getHeaders().get(Results.REQUEST_ID));
        // every answer, whichever path sent it (404, 413, 503, the deployment's), is counted once when it is done
        Callback recorded = Callback.from(callback, () -> served(request, response, routed, started, id));
        route(request, response, recorded, path, routed, id);
        return true;
    }

    /** The route a request took (none yet: unrouted) and the metrics handle it records through. */
    private static final class Routed {
        Route route;
        HttpRouteMetrics metrics;
    }

    private void served(Request request, Response response, Routed routed, long started, String id) {
        long nanos = System.nanoTime() - started;
        int status = response.getStatus();
        Route route = routed.route;
        (route == null ? metrics.unrouted() : routed.metrics).requestServed(request.getMethod(), status, nanos);
        metrics.httpRequestEnded();
        // the application's logging_config.enable_access_log, else the node's serve.access.log
        if (route == null ? accessLog : route.accessLog().orElse(accessLog)) {
            lines.line(id, route == null ? null : route.application(),
                    route == null ? null : route.prefix(), route == null ? null : route.deployment(), null,
                    request.getMethod(), status, nanos);
        }
    }

    private void route(Request request, Response response, Callback callback, String path, Routed routed,
            String id) {
        Route route;
        try {
            RouteTable table = routes.current();
            route = table.match(path).orElse(null);
            if (route != null) {
                routed.metrics = handles.of(table, route);
            }
        } catch (RuntimeException e) {
            Results.serverError(e, null, "the node could not route " + path + ": "
                    + Reply.oneLine(e), limits.debugErrors(), id).send(response, callback);
            return;
        }
        if (route == null) {
            Reply.error(404, "no route for " + path).send(response, callback);
            return;
        }
        routed.route = route;
        long length = request.getLength();
        if (length == 0) {
            call(route, request, path, NO_BODY, response, callback, id);
        } else if (length > limits.maxBody()) {
            BodyReader.tooLarge(limits).send(response, callback);
        } else if (length > 0 && !budget.fits(length)) {
            // Refused before a byte of it is read: a client sending Expect: 100-continue never sends it.
            BodyReader.overBudget(budget).send(response, callback);
        } else {
            BodyReader.read(request, response, callback, limits, budget,
                    (body, done) -> call(route, request, path, body, response, done, id));
        }
    }

    private void call(Route route, Request request, String path, byte[] body, Response response,
            Callback callback, String id) {
        String deployment = route.deployment();
        CompletableFuture<Object> result;
        try {
            HttpRequest call = new HttpRequest(request.getMethod(), below(route.prefix(), path),
                    request.getHttpURI().getQuery(), headers(request.getHeaders(), id), body,
                    request.isSecure() ? "https" : "http");
            result = route.handle(call);
            if (result == null) {
                throw new IllegalStateException("route " + route.prefix() + " answered no future");
            }
        } catch (RuntimeException | LinkageError e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((value, failure) -> {
            try {
                Reply reply = failure == null
                        ? Results.of(value, deployment, limits.debugErrors(), id)
                        : Results.failure(failure, deployment, limits.debugErrors(), id);
                reply.send(response, callback);
            } catch (Throwable e) {
                // CompletableFuture would swallow this and the client would wait for ever: end the exchange.
                LOG.error("ingress: cannot answer a request to deployment {}", deployment, e);
                callback.failed(e);
            }
        });
    }

    /** The path below the route prefix, always starting with '/'. */
    static String below(String prefix, String path) {
        if (prefix.equals("/") || !path.startsWith(prefix)) {
            return path;
        }
        String rest = path.substring(prefix.length());
        return rest.isEmpty() ? "/" : rest;
    }

    /**
     * Header names in lower case; a header sent more than once keeps every value, comma-separated;
     * {@code x-request-id} is the request's id.
     */
    private static Map<String, String> headers(HttpFields fields, String id) {
        Map<String, String> headers = new HashMap<>(fields.size() * 2 + 2);
        for (HttpField field : fields) {
            headers.merge(field.getLowerCaseName(), field.getValue(), (first, next) -> first + ", " + next);
        }
        headers.put(RequestIds.HEADER, id);
        return headers;
    }
}
