package io.osgiserve.http.internal;

import io.osgiserve.config.Loopback;
import io.osgiserve.config.NodeSettings;
import io.osgiserve.config.NodeToken;
import io.osgiserve.http.jetty.Tls;
import io.osgiserve.node.InternalCalls;
import io.osgiserve.node.InternalEndpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The internal port while the node offers {@link InternalCalls}: {@code serve.internal.host:port}, the
 * node's token, HTTPS with the agent's certificate when the node has one. Registers
 * {@link InternalEndpoint} with the address it listens on, for the cluster to publish.
 */
@Component(name = "serve.internal", immediate = true, service = InternalEndpoint.class)
public final class InternalComponent implements InternalEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(InternalComponent.class);

    private final InternalServer server;

    @Activate
    public InternalComponent(BundleContext context, @Reference InternalCalls calls) throws IOException {
        NodeSettings settings = NodeSettings.from(context::getProperty);
        String host = settings.text(NodeSettings.INTERNAL_HOST);
        Optional<Tls> tls = Tls.from(settings, NodeSettings.AGENT_TLS_CERTFILE, NodeSettings.AGENT_TLS_KEYFILE,
                NodeSettings.AGENT_TLS_KEYSTORE, NodeSettings.AGENT_TLS_KEYSTORE_PASSWORD);
        NodeToken token = NodeToken.of(settings, System::getenv, dataDir(context));
        if (!token.required() && !Loopback.isLoopback(host)) {
            throw new IOException("serve internal port: " + host + " is beyond loopback and the node runs without a"
                    + " token (--no-auth); bind it to 127.0.0.1 (serve.internal.host)");
        }
        try {
            server = InternalServer.start(host, settings.port(NodeSettings.INTERNAL_PORT), tls, token,
                    settings.bytes(NodeSettings.INTERNAL_MAX_BODY), calls);
        } catch (IOException e) {
            LOG.error("serve internal port: {} (choose another with serve.internal.port)", e.getMessage());
            throw e;
        }
        LOG.info("serve internal port listening on {}", server.address());
        if (tls.isEmpty() && !Loopback.isLoopback(host)) {
            LOG.warn("serve internal port: {} serves plain HTTP beyond loopback; open it only to cluster nodes", host);
        }
    }

    @Override
    public URI internalAddress() {
        return server.address();
    }

    static Path dataDir(BundleContext context) {
        return io.osgiserve.config.NodeIdentity.karafData(context::getProperty, () -> context.getDataFile("").toPath());
    }

    @Deactivate
    void deactivate() {
        server.stop();
    }
}
