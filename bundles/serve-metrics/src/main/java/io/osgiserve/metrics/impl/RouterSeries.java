package io.osgiserve.metrics.impl;

import io.osgiserve.metrics.RouterMetrics;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;

/** One deployment router's data points. */
final class RouterSeries implements RouterMetrics {

    private final PrometheusServeMetrics metrics;
    final String application;
    final String deployment;
    private final CounterDataPoint routed;
    private final InFlightGauge.Series queued;

    RouterSeries(PrometheusServeMetrics metrics, String application, String deployment) {
        this.metrics = metrics;
        this.application = application;
        this.deployment = deployment;
        routed = metrics.routerRequests.labelValues(deployment, application);
        queued = metrics.routerQueued.labelValues(deployment, application);
    }

    @Override
    public void requestRouted() {
        routed.inc();
    }

    @Override
    public void requestQueued() {
        queued.inc();
    }

    @Override
    public void requestDequeued() {
        queued.dec();
    }

    @Override
    public void close() {
        metrics.routerRequests.remove(deployment, application);
        metrics.routerQueued.remove(deployment, application);
        metrics.forget(this);
    }
}
