/**
 * {@code GET /metrics} on Jetty 12 core: a {@link io.osgiserve.metrics.jetty.MetricsHandler} that the
 * agent mounts behind its token check and the separate scrapers' server ({@code serve.metrics.port}) serves alone.
 */
@Export
@Version("1.0.0")
package io.osgiserve.metrics.jetty;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
