package io.osgiserve.http.jetty;

import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A started Jetty server listening on one address with one handler, HTTP/1.1 only. */
public final class BoundServer {

    private static final Logger LOG = LoggerFactory.getLogger(BoundServer.class);

    /** Thread budgets: the agent answers an operator now and then, the ingress answers the traffic. */
    public enum Size {
        /** A few threads, one acceptor, one selector. */
        SMALL(16, 1, 1),
        /** Jetty's defaults: acceptors and selectors scaled to the cores. */
        FULL(200, -1, -1);

        final int maxThreads;
        final int acceptors;
        final int selectors;

        Size(int maxThreads, int acceptors, int selectors) {
            this.maxThreads = maxThreads;
            this.acceptors = acceptors;
            this.selectors = selectors;
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final String host;
    private final String scheme;

    private BoundServer(Server server, ServerConnector connector, String host, String scheme) {
        this.server = server;
        this.connector = connector;
        this.host = host;
        this.scheme = scheme;
    }

    /**
     * Starts listening on {@code host:port} (port 0 picks a free one).
     *
     * @param name names the server's threads, so that a thread dump says which face they serve
     * @param size how many threads it may use
     * @throws PortInUseException when another process (or server) holds the address
     * @throws IOException when the server cannot start for another reason
     */
    public static BoundServer start(String name, String host, int port, Handler handler, Size size)
            throws IOException {
        return start(name, host, port, handler, size, Optional.empty(), Duration.ofSeconds(30));
    }

    /**
     * As {@link #start(String, String, int, Handler, Size)}, closing a connection that sends and receives
     * nothing for {@code idleTimeout} (a slow or silent client holds a connection at most that long).
     */
    public static BoundServer start(String name, String host, int port, Handler handler, Size size,
            Duration idleTimeout) throws IOException {
        return start(name, host, port, handler, size, Optional.empty(), idleTimeout);
    }

    /**
     * The same, serving HTTPS when {@code tls} is given (HTTP/1.1 over TLS 1.2 or 1.3).
     *
     * @param tls the certificate and key; empty for plain HTTP
     */
    public static BoundServer start(String name, String host, int port, Handler handler, Size size, Optional<Tls> tls)
            throws IOException {
        return start(name, host, port, handler, size, tls, Duration.ofSeconds(30));
    }

    /** HTTPS when {@code tls} is given, and silent connections closed after {@code idleTimeout}. */
    public static BoundServer start(String name, String host, int port, Handler handler, Size size, Optional<Tls> tls,
            Duration idleTimeout) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(size.maxThreads, Math.min(4, size.maxThreads));
        threads.setName(name);
        Server server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Jetty's header cache otherwise matches values ignoring case, so on a kept-alive connection a
        // header differing only in case from an earlier one would read as the earlier one (tokens too).
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector;
        if (tls.isPresent()) {
            // The agent checks Host itself; Jetty's SNI check would refuse clients that name the node by address.
            http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
            connector = new ServerConnector(server, size.acceptors, size.selectors,
                    new SslConnectionFactory(tls.get().contextFactory(), HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, size.acceptors, size.selectors, new HttpConnectionFactory(http));
        }
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(idleTimeout.toMillis());
        server.addConnector(connector);

        server.setErrorHandler(new OneLineErrors());
        server.setHandler(handler);
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            if (isBindFailure(e)) {
                throw new PortInUseException(host, port, e);
            }
            throw new IOException("cannot start the " + name + " server on " + host + ":" + port + ": "
                    + Reply.oneLine(e), e);
        }
        return new BoundServer(server, connector, host, tls.isPresent() ? "https" : "http");
    }

    public String host() {
        return host;
    }

    /** {@code https} when it serves TLS, else {@code http}. */
    public String scheme() {
        return scheme;
    }

    /** The port it listens on (the real one when it was started with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Stops listening and ends the server's threads; afterwards the port refuses connections. */
    public void stop() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // Nothing a caller could do: the connector is closed first, so the port is free either way.
            LOG.warn("stopping {} failed", server, e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** The address is held by someone else. */
    public static final class PortInUseException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String host;
        private final int port;

        PortInUseException(String host, int port, Throwable cause) {
            super("port " + port + " on " + host + " is already in use", cause);
            this.host = host;
            this.port = port;
        }

        public String host() {
            return host;
        }

        public int port() {
            return port;
        }
    }
}
