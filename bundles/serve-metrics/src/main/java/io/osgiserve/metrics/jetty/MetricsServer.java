package io.osgiserve.metrics.jetty;

import io.osgiserve.metrics.ServeMetrics;
import java.io.IOException;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A small HTTP server that answers only {@code GET /metrics}: for Prometheus scrapers that should not
 * hold the agent's token ({@code serve.metrics.port}). Every other path gets 404.
 */
public final class MetricsServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private MetricsServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts listening on {@code host:port} (port 0: any free port).
     *
     * @throws IOException with a one-line message naming the address when it cannot listen
     */
    public static MetricsServer start(String host, int port, ServeMetrics metrics) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("serve-metrics");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new NotFoundBehind(new MetricsHandler(metrics)));
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            boolean taken = false;
            for (Throwable t = e; t != null; t = t.getCause()) {
                taken |= t instanceof BindException;
            }
            throw new IOException("serve metrics: cannot listen on " + host + ":" + port
                    + (taken ? ": the port is already in use; choose another with serve.metrics.port" : ": " + e.getMessage()), e);
        }
        return new MetricsServer(server, connector);
    }

    /** The port it listens on (the real one when started with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // the connector closes first, so the port is free whatever else failed
        }
    }

    /** The metrics handler, and 404 for whatever it does not take. */
    private static final class NotFoundBehind extends Handler.Wrapper {
        NotFoundBehind(Handler handler) {
            super(handler);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (super.handle(request, response, callback)) {
                return true;
            }
            byte[] body = "only /metrics is served here\n".getBytes(StandardCharsets.UTF_8);
            response.setStatus(404);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }
}
