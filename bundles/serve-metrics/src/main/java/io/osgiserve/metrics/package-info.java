/**
 * What the node records about itself, under Ray Serve's Prometheus metric names: a {@link
 * io.osgiserve.metrics.ServeMetrics} hands out handles ({@link io.osgiserve.metrics.HttpRouteMetrics},
 * {@link io.osgiserve.metrics.ReplicaMetrics}, {@link io.osgiserve.metrics.RouterMetrics}, {@link
 * io.osgiserve.metrics.DeploymentMetrics}) that are resolved once, when a route, replica or deployment
 * appears, so that recording a request allocates nothing; and {@link io.osgiserve.metrics.AccessLog}
 * writes one line per request.
 */
@Export
@Version("1.0.0")
package io.osgiserve.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
