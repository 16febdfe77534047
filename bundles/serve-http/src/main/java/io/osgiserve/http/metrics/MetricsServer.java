package io.osgiserve.http.metrics;

import io.osgiserve.http.jetty.BoundServer;
import io.osgiserve.http.jetty.Reply;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.metrics.jetty.MetricsHandler;
import java.io.IOException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A small HTTP server that answers only {@code GET /metrics}: for Prometheus scrapers that should not
 * hold the agent's token ({@code serve.metrics.port}). Every other path gets 404.
 */
final class MetricsServer implements AutoCloseable {

    private final BoundServer server;

    private MetricsServer(BoundServer server) {
        this.server = server;
    }

    /**
     * Starts listening on {@code host:port} (port 0: any free port).
     *
     * @throws IOException with a one-line message naming the address when it cannot listen
     */
    static MetricsServer start(String host, int port, ServeMetrics metrics) throws IOException {
        Handler handler = new Handler.Sequence(new MetricsHandler(metrics), new NotFound());
        try {
            return new MetricsServer(BoundServer.start("serve-metrics", host, port, handler, BoundServer.Size.SMALL));
        } catch (BoundServer.PortInUseException e) {
            throw new IOException("serve metrics: cannot listen on " + host + ":" + port
                    + ": the port is already in use; choose another with serve.metrics.port", e);
        } catch (IOException e) {
            throw new IOException("serve metrics: " + e.getMessage(), e);
        }
    }

    /** The port it listens on (the real one when started with port 0). */
    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** 404 for whatever the metrics handler does not take. */
    private static final class NotFound extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Reply.text(404, "only /metrics is served here\n").send(response, callback);
            return true;
        }
    }
}
