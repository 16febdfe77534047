package io.osgiserve.metrics.osgi;

import io.osgiserve.config.NodeSettings;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.metrics.jetty.MetricsServer;
import java.io.IOException;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one {@link ServeMetrics} service (Prometheus, or off when {@code serve.metrics.enabled} is
 * false), and the separate /metrics server when {@code serve.metrics.port} asks for one.
 */
// registered by hand (the Prometheus one or off()), so resolvers are told that this bundle offers it
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.osgiserve.metrics.ServeMetrics")
@Component(name = "serve.metrics", immediate = true, service = {})
public final class MetricsComponent {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsComponent.class);

    private final ServiceRegistration<ServeMetrics> registration;
    private final MetricsServer server;

    @Activate
    public MetricsComponent(BundleContext context) throws IOException {
        MetricsSettings settings;
        try {
            settings = MetricsSettings.from(NodeSettings.from(context::getProperty));
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        ServeMetrics metrics = settings.enabled() ? ServeMetrics.prometheus() : ServeMetrics.off();
        if (settings.port().isPresent() && settings.enabled()) {
            try {
                server = MetricsServer.start(settings.host(), settings.port().getAsInt(), metrics);
            } catch (IOException e) {
                LOG.error(e.getMessage());
                throw e;
            }
            LOG.info("serve metrics on http://{}:{}/metrics", settings.host(), server.port());
        } else {
            server = null;
        }
        registration = context.registerService(ServeMetrics.class, metrics, null);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        if (server != null) {
            server.close();
        }
    }
}
