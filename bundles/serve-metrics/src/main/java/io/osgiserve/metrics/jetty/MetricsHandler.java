package io.osgiserve.metrics.jetty;

import io.osgiserve.metrics.ServeMetrics;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /metrics} (and {@code HEAD}) with the node's metrics in Prometheus text format;
 * any other method on that path gets 405. Takes no other path: {@code handle} returns false, so the
 * server it is mounted in answers those. It checks no token: the server mounting it decides who may
 * ask (the agent checks its token first; the metrics server listens on loopback unless told otherwise).
 */
public final class MetricsHandler extends Handler.Abstract {

    /** The path it answers. */
    public static final String PATH = "/metrics";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsHandler.class);
    private static final HttpField CONTENT_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, ServeMetrics.CONTENT_TYPE);
    private static final HttpField ALLOW = new PreEncodedHttpField(HttpHeader.ALLOW, "GET, HEAD");
    private static final HttpField TEXT = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");

    private final ServeMetrics metrics;
    /** The last scrape's size: the next one's buffer starts there, so it is not grown on every scrape. */
    private volatile int lastSize = 16 * 1024;

    public MetricsHandler(ServeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!PATH.equals(Request.getPathInContext(request))) {
            return false;
        }
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setStatus(405);
            response.getHeaders().put(ALLOW);
            send(response, callback, TEXT, (method + " is not allowed on /metrics; use GET\n").getBytes(StandardCharsets.UTF_8), true);
            return true;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(lastSize + 1024);
        try {
            metrics.writeTo(body);
        } catch (Exception | LinkageError e) {
            LOG.error("/metrics: writing the metrics failed", e);
            response.setStatus(500);
            send(response, callback, TEXT, ("the metrics could not be written: " + e + "\n").getBytes(StandardCharsets.UTF_8), true);
            return true;
        }
        lastSize = body.size();
        response.setStatus(200);
        send(response, callback, CONTENT_TYPE, body.toByteArray(), !"HEAD".equals(method));
        return true;
    }

    private static void send(Response response, Callback callback, HttpField type, byte[] body, boolean withBody) {
        response.getHeaders().put(type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, withBody ? ByteBuffer.wrap(body) : ByteBuffer.allocate(0), callback);
    }
}
