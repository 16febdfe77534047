package io.osgiserve.metrics.impl;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A gauge of things in flight (requests ongoing, processing, queued), moved by one up and down on the
 * request path. The client's own {@code Gauge} (1.10) allocates a lambda on every {@code inc}/{@code dec}
 * that escape analysis does not always remove; a {@link LongAdder} per series allocates nothing.
 */
final class InFlightGauge implements Collector {

    private final String name;
    private final String help;
    private final String[] labelNames;
    private final Map<List<String>, Series> series = new ConcurrentHashMap<>();

    /** One series' count. */
    static final class Series {
        final Labels labels;
        private final LongAdder count = new LongAdder();

        private Series(Labels labels) {
            this.labels = labels;
        }

        void inc() {
            count.increment();
        }

        void dec() {
            count.decrement();
        }
    }

    InFlightGauge(String name, String help, String... labelNames) {
        this.name = name;
        this.help = help;
        this.labelNames = labelNames.clone();
    }

    /** The series of these label values (in the order of the label names), created on first use. */
    Series labelValues(String... values) {
        return series.computeIfAbsent(List.of(values), v -> new Series(Labels.of(labelNames, values)));
    }

    void remove(String... values) {
        series.remove(List.of(values));
    }

    @Override
    public String getPrometheusName() {
        return name;
    }

    @Override
    public MetricSnapshot collect() {
        GaugeSnapshot.Builder snapshot = GaugeSnapshot.builder().name(name).help(help);
        for (Series s : series.values()) {
            snapshot.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(s.labels).value(s.count.sum()).build());
        }
        return snapshot.build();
    }
}
