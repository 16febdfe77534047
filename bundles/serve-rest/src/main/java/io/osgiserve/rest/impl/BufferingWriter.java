package io.osgiserve.rest.impl;

import io.osgiserve.api.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.ContainerException;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.spi.ContainerResponseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects Jersey's answer (status, content type, headers, body) and completes a future with it on commit. Suspending
 * is always allowed: an asynchronous resource method holds no thread while it waits.
 */
final class BufferingWriter implements ContainerResponseWriter {
    private static final Logger LOG = LoggerFactory.getLogger(BufferingWriter.class);

    private final CompletableFuture<HttpResponse> response = new CompletableFuture<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private volatile int status = 500;
    private volatile Map<String, List<String>> headers = Map.of();

    CompletableFuture<HttpResponse> response() {
        return response;
    }

    @Override
    public OutputStream writeResponseStatusAndHeaders(long contentLength, ContainerResponse answer) throws ContainerException {
        headers = new LinkedHashMap<>(answer.getStringHeaders());
        status = answer.getStatus();
        return body;
    }

    @Override
    public boolean suspend(long timeOut, TimeUnit timeUnit, TimeoutHandler timeoutHandler) {
        // no timer of ours: the router bounds how long a request may wait
        return true;
    }

    @Override
    public void setSuspendTimeout(long timeOut, TimeUnit timeUnit) {
        // see suspend
    }

    @Override
    public void commit() {
        response.complete(Answers.of(status, headers, body.toByteArray()));
    }

    @Override
    public void failure(Throwable error) {
        LOG.warn("a REST request failed in Jersey after its answer began", error);
        response.complete(Errors.json(500, "the request failed: " + OneLine.of(error)));
    }

    @Override
    public boolean enableResponseBuffering() {
        return false;
    }
}
