package io.osgiserve.http.metrics;

import io.osgiserve.config.NodeSettings;
import java.util.OptionalInt;

/** The node's metrics settings, read from {@link NodeSettings}. */
record MetricsSettings(boolean enabled, String host, OptionalInt port) {

    /** @throws IllegalArgumentException with a one-line message naming the setting that is wrong */
    static MetricsSettings from(NodeSettings settings) {
        int port = settings.integer(NodeSettings.METRICS_PORT);
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException(NodeSettings.METRICS_PORT.key() + ": '" + port
                    + "' is not a port number (0 to 65535, or -1 for no separate metrics server)");
        }
        return new MetricsSettings(settings.flag(NodeSettings.METRICS_ENABLED), settings.text(NodeSettings.METRICS_HOST),
                port == -1 ? OptionalInt.empty() : OptionalInt.of(port));
    }
}
