package io.osgiserve.metrics.impl;

import io.osgiserve.metrics.ReplicaMetrics;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

/** One replica's data points, resolved when the replica appears. */
final class ReplicaSeries implements ReplicaMetrics {

    private final PrometheusServeMetrics metrics;
    final String application;
    final String deployment;
    final String replica;
    private final CounterDataPoint requests;
    private final CounterDataPoint errors;
    private final MillisHistogram.Series latency;
    private final InFlightGauge.Series processing;
    private final CounterDataPoint starts;
    private final GaugeDataPoint healthy;
    private final CounterDataPoint healthCheckFailures;
    private final MillisHistogram.Series startupLatency;

    ReplicaSeries(PrometheusServeMetrics metrics, String application, String deployment, String replica) {
        this.metrics = metrics;
        this.application = application;
        this.deployment = deployment;
        this.replica = replica;
        requests = metrics.replicaRequests.labelValues(deployment, replica, application);
        errors = metrics.replicaErrors.labelValues(deployment, replica, application);
        latency = metrics.replicaLatency.labelValues(deployment, replica, application);
        processing = metrics.replicaProcessing.labelValues(deployment, replica, application);
        starts = metrics.replicaStarts.labelValues(deployment, replica, application);
        healthy = metrics.replicaHealthy.labelValues(deployment, replica, application);
        healthCheckFailures = metrics.healthCheckFailures.labelValues(deployment, replica, application);
        startupLatency = metrics.startupLatency.labelValues(deployment, replica, application);
    }

    @Override
    public void started(long startupNanos) {
        starts.inc();
        startupLatency.observe(PrometheusServeMetrics.millis(startupNanos));
    }

    @Override
    public void requestStarted() {
        processing.inc();
    }

    @Override
    public void requestFinished(boolean failed, long latencyNanos) {
        processing.dec();
        requests.inc();
        if (failed) {
            errors.inc();
        }
        latency.observe(PrometheusServeMetrics.millis(latencyNanos));
    }

    @Override
    public void healthy(boolean isHealthy) {
        healthy.set(isHealthy ? 1 : 0);
    }

    @Override
    public void healthCheckFailed() {
        healthCheckFailures.inc();
    }

    @Override
    public void close() {
        metrics.replicaRequests.remove(deployment, replica, application);
        metrics.replicaErrors.remove(deployment, replica, application);
        metrics.replicaLatency.remove(deployment, replica, application);
        metrics.replicaProcessing.remove(deployment, replica, application);
        metrics.replicaStarts.remove(deployment, replica, application);
        metrics.replicaHealthy.remove(deployment, replica, application);
        metrics.healthCheckFailures.remove(deployment, replica, application);
        metrics.startupLatency.remove(deployment, replica, application);
        metrics.forget(this);
    }
}
