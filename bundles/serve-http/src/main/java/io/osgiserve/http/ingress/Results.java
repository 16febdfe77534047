package io.osgiserve.http.ingress;

import io.osgiserve.api.HttpResponse;
import io.osgiserve.http.jetty.JsonWriters;
import io.osgiserve.http.jetty.Reply;
import io.osgiserve.node.BadArgumentsException;
import io.osgiserve.node.OverloadedException;
import io.osgiserve.node.ReplicaFailedException;
import io.osgiserve.node.TimedOutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a deployment answered, or how it failed, into the HTTP reply. A 500 names a request id
 * that the node's log has beside the exception; the exception's text is in the reply only when the
 * node runs with {@code serve.http.debug_errors} (what it says may be meant for the operator only).
 */
final class Results {

    /** The response header (and log key) of a failed request's id, as Ray Serve names it. */
    static final String REQUEST_ID = "X-Request-Id";
    static final HttpField RETRY_AFTER = new PreEncodedHttpField(HttpHeader.RETRY_AFTER, "1");

    private static final Logger LOG = LoggerFactory.getLogger(Results.class);

    private Results() {}

    /** A deployment's result: an HttpResponse as it is, a String as text, bytes as bytes, else JSON. */
    static Reply of(Object result, String deployment, boolean debugErrors, String id) {
        if (result instanceof HttpResponse http) {
            String type = http.contentType();
            HttpField contentType = type == null ? Reply.OCTETS : new HttpField(HttpHeader.CONTENT_TYPE, type);
            return new Reply(http.status(), contentType, http.body(), headersOf(http));
        }
        if (result instanceof String text) {
            return new Reply(200, Reply.TEXT, text.getBytes(StandardCharsets.UTF_8), List.of());
        }
        if (result instanceof byte[] bytes) {
            return new Reply(200, Reply.OCTETS, bytes, List.of());
        }
        try {
            return Reply.json(200, result, JsonWriters.COMPACT);
        } catch (Exception | LinkageError e) {
            return serverError(e, deployment, "the result of deployment " + deployment + " (a "
                    + result.getClass().getName() + ") cannot be written as JSON: " + Reply.oneLine(e), debugErrors, id);
        }
    }

    /** The headers a deployment set (HttpResponse refused line breaks; framing headers are the ingress's own). */
    private static List<HttpField> headersOf(HttpResponse http) {
        List<HttpField> fields = new ArrayList<>();
        http.headers().forEach((name, values) -> {
            if (!FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> fields.add(new HttpField(name, v)));
            }
        });
        return fields;
    }

    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection", "content-type");

    /**
     * How a request failed: the caller's mistake (400), no capacity (503), a node that did not answer in
     * time (504), the user's exception or anything else (500).
     */
    static Reply failure(Throwable failure, String deployment, boolean debugErrors, String id) {
        Throwable cause = unwrap(failure);
        if (cause instanceof BadArgumentsException bad) {
            return named(400, bad.getMessage(), deployment);
        }
        if (cause instanceof OverloadedException overloaded) {
            return named(503, overloaded.getMessage(), deployment).withHeader(RETRY_AFTER);
        }
        if (cause instanceof TimedOutException timedOut) {
            return named(504, timedOut.getMessage(), deployment);
        }
        if (cause instanceof ReplicaFailedException replica) {
            Throwable user = replica.getCause() == null ? replica : replica.getCause();
            return serverError(user, replica.deployment(), replica.getMessage(), debugErrors, id);
        }
        return serverError(cause, deployment,
                "the request to deployment " + deployment + " failed: " + Reply.oneLine(cause), debugErrors, id);
    }

    /**
     * A 500 naming the request's id: the log gets the id and the whole exception, the reply the id and,
     * only when debugging, {@code text}. {@code deployment} is null when the request reached none.
     */
    static Reply serverError(Throwable cause, String deployment, String text, boolean debugErrors, String id) {
        LOG.warn("ingress: request {} to {} failed", id, deployment == null ? "no deployment" : "deployment " + deployment,
                cause);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", debugErrors ? text
                : (deployment == null ? "the request" : "deployment " + deployment)
                        + " failed; the node's log has the exception under request id " + id);
        if (deployment != null) {
            body.put("deployment", deployment);
        }
        body.put("request_id", id);
        try {
            return Reply.json(500, body, JsonWriters.COMPACT).withHeader(new HttpField(REQUEST_ID, id));
        } catch (Exception e) {
            return Reply.error(500, "request " + id + " failed").withHeader(new HttpField(REQUEST_ID, id));
        }
    }

    private static Reply named(int status, String error, String deployment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("deployment", deployment);
        try {
            return Reply.json(status, body, JsonWriters.COMPACT);
        } catch (Exception e) {
            return Reply.error(status, error);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
