package io.osgiserve.metrics.impl;

import io.osgiserve.metrics.HttpRouteMetrics;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.Arrays;

/**
 * One route's series. Each (method, status) pair seen gets its data points once; later requests with
 * that pair find them by a scan of a small array (a route sees a handful of pairs) and allocate nothing.
 */
final class HttpRouteSeries implements HttpRouteMetrics {

    /** The data points of one (method, status) pair. */
    private record Pair(int method, int status, String statusText, CounterDataPoint requests,
                        MillisHistogram.Series latency, CounterDataPoint errors) {}

    private final PrometheusServeMetrics metrics;
    final String application;
    final String route;
    private volatile Pair[] pairs = new Pair[0];

    HttpRouteSeries(PrometheusServeMetrics metrics, String application, String route) {
        this.metrics = metrics;
        this.application = application;
        this.route = route;
    }

    @Override
    public void requestServed(String method, int status, long latencyNanos) {
        Pair pair = pair(HttpMethods.index(method), HttpMethods.status(status));
        pair.requests.inc();
        pair.latency.observe(PrometheusServeMetrics.millis(latencyNanos));
        if (pair.errors != null) {
            pair.errors.inc();
        }
    }

    private Pair pair(int method, int status) {
        for (Pair pair : pairs) {
            if (pair.method == method && pair.status == status) {
                return pair;
            }
        }
        return addPair(method, status);
    }

    private synchronized Pair addPair(int method, int status) {
        for (Pair pair : pairs) {
            if (pair.method == method && pair.status == status) {
                return pair;
            }
        }
        String methodName = HttpMethods.NAMES[method];
        String code = Integer.toString(status);
        Pair pair = new Pair(method, status, code,
                metrics.httpRequests.labelValues(route, methodName, application, code),
                metrics.httpLatency.labelValues(methodName, route, application, code),
                status >= 400 ? metrics.httpErrors.labelValues(route, code, methodName, application) : null);
        Pair[] grown = Arrays.copyOf(pairs, pairs.length + 1);
        grown[pairs.length] = pair;
        pairs = grown;
        return pair;
    }

    @Override
    public synchronized void close() {
        for (Pair pair : pairs) {
            String methodName = HttpMethods.NAMES[pair.method];
            metrics.httpRequests.remove(route, methodName, application, pair.statusText);
            metrics.httpLatency.remove(methodName, route, application, pair.statusText);
            if (pair.errors != null) {
                metrics.httpErrors.remove(route, pair.statusText, methodName, application);
            }
        }
        pairs = new Pair[0];
        metrics.forget(this);
    }
}
