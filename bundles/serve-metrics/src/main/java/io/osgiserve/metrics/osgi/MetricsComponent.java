package io.osgiserve.metrics.osgi;

import io.osgiserve.config.NodeSettings;
import io.osgiserve.metrics.ServeMetrics;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one {@link ServeMetrics} service: Prometheus, or off when {@code serve.metrics.enabled} is
 * false. (The separate /metrics server for {@code serve.metrics.port} is serve-http's, beside the node's
 * other servers.)
 */
// registered by hand (the Prometheus one or off()), so resolvers are told that this bundle offers it
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.osgiserve.metrics.ServeMetrics")
@Component(name = "serve.metrics", immediate = true, service = {})
public final class MetricsComponent {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsComponent.class);

    private final ServiceRegistration<ServeMetrics> registration;

    @Activate
    public MetricsComponent(BundleContext context) {
        boolean enabled;
        try {
            enabled = NodeSettings.from(context::getProperty).flag(NodeSettings.METRICS_ENABLED);
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        registration = context.registerService(ServeMetrics.class, enabled ? ServeMetrics.prometheus() : ServeMetrics.off(), null);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
