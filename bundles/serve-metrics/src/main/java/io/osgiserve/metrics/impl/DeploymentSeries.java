package io.osgiserve.metrics.impl;

import io.osgiserve.metrics.DeploymentMetrics;
import io.osgiserve.metrics.Statuses;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

/** One deployment's data points, as the controller sets them. */
final class DeploymentSeries implements DeploymentMetrics {

    private final PrometheusServeMetrics metrics;
    final String application;
    final String deployment;
    private final GaugeDataPoint status;
    private final GaugeDataPoint target;

    DeploymentSeries(PrometheusServeMetrics metrics, String application, String deployment) {
        this.metrics = metrics;
        this.application = application;
        this.deployment = deployment;
        status = metrics.deploymentStatus.labelValues(deployment, application);
        target = metrics.autoscalingTarget.labelValues(deployment, application);
    }

    @Override
    public void status(String deploymentStatus) {
        status.set(Statuses.number(Statuses.DEPLOYMENT, deploymentStatus));
    }

    @Override
    public void targetReplicas(int replicas) {
        target.set(replicas);
    }

    @Override
    public void close() {
        metrics.deploymentStatus.remove(deployment, application);
        metrics.autoscalingTarget.remove(deployment, application);
        metrics.forget(this);
    }
}
