package io.osgiserve.config;

import io.osgiserve.config.impl.Values;

import java.util.Map;
import java.util.Objects;

/**
 * A deployment's {@code autoscaling_config}, every field with its default filled in. Each control step
 * computes {@code desired = ceil(n * (1 + (avg_ongoing / target - 1) * smoothing_factor))}, clamped to
 * [min_replicas, max_replicas], and acts once that decision held for the upscale (or downscale) delay.
 */
public final class AutoscalingConfig {

    private static final AutoscalingConfig DEFAULTS = new AutoscalingConfig(Map.of());

    private final Map<String, Object> written;
    private final int minReplicas;
    private final int maxReplicas;
    private final double targetNumOngoingRequestsPerReplica;
    private final double metricsIntervalS;
    private final double lookBackPeriodS;
    private final double smoothingFactor;
    private final double upscaleDelayS;
    private final double downscaleDelayS;

    private AutoscalingConfig(Map<String, Object> written) {
        this.written = written;
        this.minReplicas = Values.intOr(written.get("min_replicas"), Defaults.MIN_REPLICAS);
        this.maxReplicas = Values.intOr(written.get("max_replicas"), Defaults.MAX_REPLICAS);
        this.targetNumOngoingRequestsPerReplica = Values.doubleOr(
                written.get("target_num_ongoing_requests_per_replica"), Defaults.TARGET_NUM_ONGOING_REQUESTS_PER_REPLICA);
        this.metricsIntervalS = Values.doubleOr(written.get("metrics_interval_s"), Defaults.METRICS_INTERVAL_S);
        this.lookBackPeriodS = Values.doubleOr(written.get("look_back_period_s"), Defaults.LOOK_BACK_PERIOD_S);
        this.smoothingFactor = Values.doubleOr(written.get("smoothing_factor"), Defaults.SMOOTHING_FACTOR);
        this.upscaleDelayS = Values.doubleOr(written.get("upscale_delay_s"), Defaults.UPSCALE_DELAY_S);
        this.downscaleDelayS = Values.doubleOr(written.get("downscale_delay_s"), Defaults.DOWNSCALE_DELAY_S);
    }

    /** Every field at its default. */
    public static AutoscalingConfig defaults() {
        return DEFAULTS;
    }

    /** From a validated, immutable mapping. */
    static AutoscalingConfig fromValidated(Map<String, Object> written) {
        return written.isEmpty() ? DEFAULTS : new AutoscalingConfig(written);
    }

    public int minReplicas() {
        return minReplicas;
    }

    public int maxReplicas() {
        return maxReplicas;
    }

    public double targetNumOngoingRequestsPerReplica() {
        return targetNumOngoingRequestsPerReplica;
    }

    public double metricsIntervalS() {
        return metricsIntervalS;
    }

    public double lookBackPeriodS() {
        return lookBackPeriodS;
    }

    public double smoothingFactor() {
        return smoothingFactor;
    }

    public double upscaleDelayS() {
        return upscaleDelayS;
    }

    public double downscaleDelayS() {
        return downscaleDelayS;
    }

    /** The mapping as the user wrote it (defaults not filled in). */
    public Map<String, Object> written() {
        return written;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AutoscalingConfig a
                && minReplicas == a.minReplicas && maxReplicas == a.maxReplicas
                && targetNumOngoingRequestsPerReplica == a.targetNumOngoingRequestsPerReplica
                && metricsIntervalS == a.metricsIntervalS && lookBackPeriodS == a.lookBackPeriodS
                && smoothingFactor == a.smoothingFactor && upscaleDelayS == a.upscaleDelayS
                && downscaleDelayS == a.downscaleDelayS;
    }

    @Override
    public int hashCode() {
        return Objects.hash(minReplicas, maxReplicas, targetNumOngoingRequestsPerReplica, metricsIntervalS,
                lookBackPeriodS, smoothingFactor, upscaleDelayS, downscaleDelayS);
    }

    @Override
    public String toString() {
        return "AutoscalingConfig[min_replicas=" + minReplicas + ", max_replicas=" + maxReplicas
                + ", target_num_ongoing_requests_per_replica=" + targetNumOngoingRequestsPerReplica
                + ", metrics_interval_s=" + metricsIntervalS + ", look_back_period_s=" + lookBackPeriodS
                + ", smoothing_factor=" + smoothingFactor + ", upscale_delay_s=" + upscaleDelayS
                + ", downscale_delay_s=" + downscaleDelayS + "]";
    }
}
