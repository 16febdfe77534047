/**
 * {@code GET /metrics} on Jetty 12 core: a {@link io.osgiserve.metrics.jetty.MetricsHandler} the agent
 * mounts behind its token check, and a {@link io.osgiserve.metrics.jetty.MetricsServer} of its own for
 * scrapers ({@code serve.metrics.port}).
 */
@Export
@Version("1.0.0")
package io.osgiserve.metrics.jetty;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
