package io.osgiserve.http.ingress;

import io.osgiserve.config.NodeSettings;
import io.osgiserve.http.jetty.BoundServer;
import io.osgiserve.http.jetty.Tls;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.node.Ingress;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The application's HTTP server; the node opens it on the first deploy and closes it on shutdown. */
@Component(name = "serve.ingress", service = Ingress.class)
public final class JettyIngress implements Ingress {

    private static final Logger LOG = LoggerFactory.getLogger(JettyIngress.class);

    private final IngressLimits limits;
    private ServeMetrics metrics = ServeMetrics.off();
    private boolean accessLog;
    private IngressHandler.AccessLines accessLines = IngressHandler.AccessLines.LOGGER;
    private BoundServer server;
    private Optional<Tls> tls = Optional.empty();
    private IngressHandler handler;
    private String host;
    private int port;

    /**
     * In the node: the limits of the node's settings, and HTTPS from {@code serve.http.ssl_certfile} /
     * {@code ssl_keyfile} (or a PKCS#12 key store); a bad value fails activation.
     */
    @Activate
    public JettyIngress(BundleContext context, @Reference ServeMetrics metrics) throws IOException {
        this(limitsOf(context));
        this.metrics = metrics;
        this.accessLog = NodeSettings.from(context::getProperty).flag(NodeSettings.ACCESS_LOG);
        try {
            tls(Tls.from(NodeSettings.from(context::getProperty), NodeSettings.HTTP_SSL_CERTFILE,
                    NodeSettings.HTTP_SSL_KEYFILE, NodeSettings.HTTP_SSL_KEYSTORE, NodeSettings.HTTP_SSL_KEYSTORE_PASSWORD));
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("serve ingress: no HTTPS: {}", e.getMessage());
            throw new IOException("serve ingress: no HTTPS: " + e.getMessage(), e);
        }
    }

    public JettyIngress(IngressLimits limits) {
        this.limits = limits;
    }

    /** With the node's access-log switch, its lines going to {@code lines}. */
    JettyIngress(IngressLimits limits, boolean accessLog, IngressHandler.AccessLines lines) {
        this(limits);
        this.accessLog = accessLog;
        this.accessLines = lines;
    }

    private static IngressLimits limitsOf(BundleContext context) {
        try {
            return IngressLimits.from(NodeSettings.from(context::getProperty));
        } catch (IllegalArgumentException e) {
            LOG.error("serve ingress: {}", e.getMessage());
            throw e;
        }
    }

    /** Serve HTTPS with this certificate (or plain HTTP when empty) from the next {@link #open} on. */
    public synchronized void tls(Optional<Tls> tls) {
        this.tls = tls;
    }

    @Override
    public synchronized void open(String host, int port, RouteSource routes) throws IOException {
        if (server != null) {
            if (this.host.equals(host) && this.port == port) {
                handler.routes(routes);
                return;
            }
            throw new IOException("the ingress already listens on " + this.host + ":" + this.port
                    + "; shut the application down first (serve shutdown) to move it to " + host + ":" + port);
        }
        IngressHandler fresh = new IngressHandler(routes, limits, metrics, accessLog, accessLines);
        // A taken port fails with "port P on H is already in use"; the node adds what the user can change.
        server = BoundServer.start("serve-ingress", host, port, fresh, BoundServer.Size.FULL, tls, limits.idleTimeout());
        handler = fresh;
        this.host = host;
        this.port = port;
        LOG.info("serve ingress listening on {}://{}:{}", server.scheme(), host, server.port());
    }

    @Override
    @Deactivate
    public synchronized void close() {
        if (server != null) {
            server.stop();
            LOG.info("serve ingress on {}:{} stopped", host, port);
            server = null;
            handler = null;
        }
    }

    /** Request body bytes the ingress holds now, all requests together (0 while closed). */
    public synchronized long bufferedBytes() {
        return handler == null ? 0 : handler.bufferedBytes();
    }

    /** The port it listens on (the real one when opened with port 0), empty while closed. */
    public synchronized OptionalInt localPort() {
        return server == null ? OptionalInt.empty() : OptionalInt.of(server.port());
    }
}
