package io.osgiserve.config;

import io.osgiserve.config.impl.Schema;
import io.osgiserve.config.impl.Values;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A deployment's {@code autoscaling_config}, every field with its default filled in (the defaults of its
 * form; {@code num_replicas: "auto"} bounds it to 1..100 unless written). Each control step computes
 * {@code desired = ceil(n * (1 + (avg_ongoing / target - 1) * factor))}, the up- or downscaling factor,
 * clamped to [min_replicas, max_replicas], and acts once that decision held for the upscale (or downscale)
 * delay; going from one replica to none waits {@code downscale_to_zero_delay_s} when written.
 */
public final class AutoscalingConfig {

    private static final AutoscalingConfig DEFAULTS = new AutoscalingConfig(ConfigForm.SINGLE_APP, Map.of(), false);

    private final Map<String, Object> written;
    private final int minReplicas;
    private final Integer initialReplicas;
    private final int maxReplicas;
    private final double targetOngoingRequests;
    private final double metricsIntervalS;
    private final double lookBackPeriodS;
    private final double smoothingFactor;
    private final double upscalingFactor;
    private final double downscalingFactor;
    private final double upscaleDelayS;
    private final double downscaleDelayS;
    private final Double downscaleToZeroDelayS;
    private final String aggregationFunction;

    private AutoscalingConfig(ConfigForm form, Map<String, Object> written, boolean auto) {
        this.written = written;
        Map<String, Object> w = Schema.canonical(form, written, Schema.AUTOSCALING_ALIASES);
        boolean multi = form == ConfigForm.MULTI_APP;
        this.minReplicas = Values.intOr(w.get("min_replicas"), auto ? Defaults.AUTO_MIN_REPLICAS : Defaults.MIN_REPLICAS);
        this.initialReplicas = w.get("initial_replicas") == null ? null : Values.toInt(w.get("initial_replicas"));
        this.maxReplicas = Values.intOr(w.get("max_replicas"), auto ? Defaults.AUTO_MAX_REPLICAS : Defaults.MAX_REPLICAS);
        this.targetOngoingRequests = multi
                ? Values.doubleOr(w.get("target_ongoing_requests"), Defaults.MULTI_APP_TARGET_ONGOING_REQUESTS)
                : Values.doubleOr(w.get("target_num_ongoing_requests_per_replica"),
                        Defaults.TARGET_NUM_ONGOING_REQUESTS_PER_REPLICA);
        this.metricsIntervalS = Values.doubleOr(w.get("metrics_interval_s"), Defaults.METRICS_INTERVAL_S);
        this.lookBackPeriodS = Values.doubleOr(w.get("look_back_period_s"), Defaults.LOOK_BACK_PERIOD_S);
        this.smoothingFactor = Values.doubleOr(w.get("smoothing_factor"), Defaults.SMOOTHING_FACTOR);
        // as in current Ray, an unwritten up- or downscaling factor is the (deprecated) smoothing_factor
        this.upscalingFactor = Values.doubleOr(w.get("upscaling_factor"), smoothingFactor);
        this.downscalingFactor = Values.doubleOr(w.get("downscaling_factor"), smoothingFactor);
        this.upscaleDelayS = Values.doubleOr(w.get("upscale_delay_s"), Defaults.UPSCALE_DELAY_S);
        this.downscaleDelayS = Values.doubleOr(w.get("downscale_delay_s"), Defaults.DOWNSCALE_DELAY_S);
        this.downscaleToZeroDelayS = w.get("downscale_to_zero_delay_s") == null ? null
                : Values.toDouble(w.get("downscale_to_zero_delay_s"));
        this.aggregationFunction = w.get("aggregation_function") == null ? Defaults.AGGREGATION_FUNCTION
                : (String) w.get("aggregation_function");
    }

    /** Every field at its Ray 2.0 default. */
    public static AutoscalingConfig defaults() {
        return DEFAULTS;
    }

    /** From a validated, immutable mapping of a form; {@code auto} for {@code num_replicas: "auto"}. */
    static AutoscalingConfig fromValidated(ConfigForm form, Map<String, Object> written, boolean auto) {
        return written.isEmpty() && form == ConfigForm.SINGLE_APP && !auto ? DEFAULTS
                : new AutoscalingConfig(form, written, auto);
    }

    public int minReplicas() {
        return minReplicas;
    }

    /** The replica count to start with (between min and max); empty means min_replicas. */
    public Optional<Integer> initialReplicas() {
        return Optional.ofNullable(initialReplicas);
    }

    public int maxReplicas() {
        return maxReplicas;
    }

    /** {@code target_ongoing_requests}, or its 2.0 name {@code target_num_ongoing_requests_per_replica}. */
    public double targetOngoingRequests() {
        return targetOngoingRequests;
    }

    /** The same as {@link #targetOngoingRequests()}, by its Ray 2.0 name. */
    public double targetNumOngoingRequestsPerReplica() {
        return targetOngoingRequests;
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

    /** The factor of an upscaling step: {@code upscaling_factor}, else {@code smoothing_factor}. */
    public double upscalingFactor() {
        return upscalingFactor;
    }

    /** The factor of a downscaling step: {@code downscaling_factor}, else {@code smoothing_factor}. */
    public double downscalingFactor() {
        return downscalingFactor;
    }

    public double upscaleDelayS() {
        return upscaleDelayS;
    }

    public double downscaleDelayS() {
        return downscaleDelayS;
    }

    /** How long one replica must stay idle before going to none; empty means {@link #downscaleDelayS()}. */
    public Optional<Double> downscaleToZeroDelayS() {
        return Optional.ofNullable(downscaleToZeroDelayS);
    }

    /** How the load samples of the look-back period are combined: {@code mean}, {@code max} or {@code min}. */
    public String aggregationFunction() {
        return aggregationFunction;
    }

    /** The mapping as the user wrote it (defaults not filled in, 2.0 names kept). */
    public Map<String, Object> written() {
        return written;
    }

    /** Every field under its current name, defaults filled in, in Ray's order. */
    public Map<String, Object> effective() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("min_replicas", minReplicas);
        e.put("initial_replicas", initialReplicas);
        e.put("max_replicas", maxReplicas);
        e.put("target_ongoing_requests", targetOngoingRequests);
        e.put("metrics_interval_s", metricsIntervalS);
        e.put("look_back_period_s", lookBackPeriodS);
        e.put("smoothing_factor", smoothingFactor);
        e.put("upscaling_factor", upscalingFactor);
        e.put("downscaling_factor", downscalingFactor);
        e.put("upscale_delay_s", upscaleDelayS);
        e.put("downscale_delay_s", downscaleDelayS);
        e.put("downscale_to_zero_delay_s", downscaleToZeroDelayS);
        e.put("aggregation_function", aggregationFunction);
        return e;
    }

    /** Equal when every effective value is, however it was written. */
    @Override
    public boolean equals(Object other) {
        return other instanceof AutoscalingConfig a && effective().equals(a.effective());
    }

    @Override
    public int hashCode() {
        return effective().hashCode();
    }

    @Override
    public String toString() {
        return "AutoscalingConfig" + effective();
    }
}
