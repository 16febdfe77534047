package io.osgiserve.http.metrics;

import io.osgiserve.config.NodeSettings;
import io.osgiserve.metrics.ServeMetrics;
import java.io.IOException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The separate /metrics server for scrapers, when {@code serve.metrics.port} asks for one and metrics are on. */
@Component(name = "serve.metrics.server", immediate = true, service = {})
public final class MetricsServerComponent {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServerComponent.class);

    private final MetricsServer server;

    @Activate
    public MetricsServerComponent(BundleContext context, @Reference ServeMetrics metrics) throws IOException {
        MetricsSettings settings;
        try {
            settings = MetricsSettings.from(NodeSettings.from(context::getProperty));
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        if (settings.port().isEmpty() || !settings.enabled()) {
            server = null;
            return;
        }
        try {
            server = MetricsServer.start(settings.host(), settings.port().getAsInt(), metrics);
        } catch (IOException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        LOG.info("serve metrics on http://{}:{}/metrics", settings.host(), server.port());
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.close();
        }
    }
}
