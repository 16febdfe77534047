package io.osgiserve.http.ingress;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.http.jetty.Reply;
import io.osgiserve.metrics.AccessLog;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.node.Ingress.RouteSource;
import io.osgiserve.node.Route;
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

    /** The 2.0 API's one application (the label Ray's metrics and access log give it). */
    static final String APPLICATION = "default";

    private final IngressLimits limits;
    private final BufferBudget budget;
    private final ServeMetrics metrics;
    private final boolean accessLog;
    private volatile RouteSource routes;

    IngressHandler(RouteSource routes, IngressLimits limits) {
        this(routes, limits, ServeMetrics.off(), false);
    }

    IngressHandler(RouteSource routes, IngressLimits limits, ServeMetrics metrics, boolean accessLog) {
        this.routes = routes;
        this.limits = limits;
        this.budget = new BufferBudget(limits.maxBuffered());
        this.metrics = metrics;
        this.accessLog = accessLog;
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
        Route[] routed = new Route[1];
        // every answer, whichever path sent it (404, 413, 503, the deployment's), is counted once when it is done
        Callback recorded = Callback.from(callback, () -> served(request, response, routed[0], started));
        route(request, response, recorded, path, routed);
        return true;
    }

    private void served(Request request, Response response, Route route, long started) {
        long nanos = System.nanoTime() - started;
        int status = response.getStatus();
        (route == null ? metrics.unrouted() : metrics.httpRoute(APPLICATION, route.prefix()))
                .requestServed(request.getMethod(), status, nanos);
        metrics.httpRequestEnded();
        if (accessLog) {
            AccessLog.log(request.getHeaders().get(Results.REQUEST_ID), APPLICATION,
                    route == null ? null : route.prefix(), route == null ? null : route.deployment(), null,
                    request.getMethod(), status, nanos);
        }
    }

    private void route(Request request, Response response, Callback callback, String path, Route[] routed) {
        Route route;
        try {
            route = routes.current().match(path).orElse(null);
        } catch (RuntimeException e) {
            Results.serverError(e, null, "the node could not route " + path + ": "
                    + Reply.oneLine(e), limits.debugErrors()).send(response, callback);
            return;
        }
        if (route == null) {
            Reply.error(404, "no route for " + path).send(response, callback);
            return;
        }
        routed[0] = route;
        long length = request.getLength();
        if (length == 0) {
            call(route, request, path, NO_BODY, response, callback);
        } else if (length > limits.maxBody()) {
            BodyReader.tooLarge(limits).send(response, callback);
        } else if (length > 0 && !budget.fits(length)) {
            // Refused before a byte of it is read: a client sending Expect: 100-continue never sends it.
            BodyReader.overBudget(budget).send(response, callback);
        } else {
            BodyReader.read(request, response, callback, limits, budget,
                    (body, done) -> call(route, request, path, body, response, done));
        }
    }

    private void call(Route route, Request request, String path, byte[] body, Response response,
            Callback callback) {
        String deployment = route.deployment();
        CompletableFuture<Object> result;
        try {
            HttpRequest call = new HttpRequest(request.getMethod(), below(route.prefix(), path),
                    request.getHttpURI().getQuery(), headers(request.getHeaders()), body,
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
                        ? Results.of(value, deployment, limits.debugErrors())
                        : Results.failure(failure, deployment, limits.debugErrors());
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

    /** Header names in lower case; a header sent more than once keeps every value, comma-separated. */
    private static Map<String, String> headers(HttpFields fields) {
        Map<String, String> headers = new HashMap<>(fields.size() * 2);
        for (HttpField field : fields) {
            headers.merge(field.getLowerCaseName(), field.getValue(), (first, next) -> first + ", " + next);
        }
        return headers;
    }
}
