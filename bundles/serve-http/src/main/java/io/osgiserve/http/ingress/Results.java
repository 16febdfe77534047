package io.osgiserve.http.ingress;

import io.osgiserve.api.HttpResponse;
import io.osgiserve.http.jetty.JsonWriters;
import io.osgiserve.http.jetty.Reply;
import io.osgiserve.node.BadArgumentsException;
import io.osgiserve.node.OverloadedException;
import io.osgiserve.node.ReplicaFailedException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns what a deployment answered, or how it failed, into the HTTP reply. */
final class Results {

    private static final Logger LOG = LoggerFactory.getLogger(Results.class);
    private static final HttpField RETRY_AFTER = new PreEncodedHttpField(HttpHeader.RETRY_AFTER, "1");

    private Results() {}

    /** A deployment's result: an HttpResponse as it is, a String as text, bytes as bytes, else JSON. */
    static Reply of(Object result, String deployment) {
        if (result instanceof HttpResponse http) {
            String type = http.contentType();
            HttpField contentType = type == null ? Reply.OCTETS : new HttpField(HttpHeader.CONTENT_TYPE, type);
            return new Reply(http.status(), contentType, http.body(), List.of());
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
            LOG.warn("ingress: the result of deployment {} cannot be written as JSON", deployment, e);
            return Reply.error(500, "the result of deployment " + deployment + " (a "
                    + result.getClass().getName() + ") cannot be written as JSON: " + Reply.oneLine(e));
        }
    }

    /** How a request failed: the user's exception (500), no capacity (503), anything else (500). */
    static Reply failure(Throwable failure, String deployment) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ReplicaFailedException replica) {
            return named(500, replica.getMessage(), replica.deployment());
        }
        if (cause instanceof BadArgumentsException bad) {
            return named(400, bad.getMessage(), deployment);
        }
        if (cause instanceof OverloadedException overloaded) {
            return named(503, overloaded.getMessage(), deployment).withHeader(RETRY_AFTER);
        }
        LOG.warn("ingress: a request to deployment {} failed", deployment, cause);
        return named(500, "the request to deployment " + deployment + " failed: " + Reply.oneLine(cause), deployment);
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
