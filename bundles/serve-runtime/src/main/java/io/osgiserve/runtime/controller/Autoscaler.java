package io.osgiserve.runtime.controller;

import io.osgiserve.config.AutoscalingConfig;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Ray Serve's autoscaling rule for one deployment. Every metrics_interval_s it samples the requests
 * the deployment holds (running and queued); over look_back_period_s their aggregate (aggregation_function:
 * mean, max or min of the samples) per replica gives
 * {@code desired = ceil(n * (1 + (avg / target - 1) * f))}, where f is upscaling_factor going up and
 * downscaling_factor going down (each defaults to smoothing_factor); when f alone keeps a deployment at
 * n although the load asks for fewer, one replica goes. Clamped to [min_replicas, max_replicas]. A decision to go up (or down) is acted on only after it held for
 * upscale_delay_s (or downscale_delay_s). Scale to zero, as current Ray does it: a deployment goes to no
 * replica only from one, after downscale_to_zero_delay_s (else downscale_delay_s) without any load; from
 * zero, a waiting request scales it up at once, with no delay.
 */
final class Autoscaler {
    private record Sample(long nanos, double ongoing) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();
    private long lastSampleNanos = Long.MIN_VALUE;
    private int pendingDirection;
    private long pendingSinceNanos;

    /** True when a new sample is due. */
    boolean due(AutoscalingConfig c, long now) {
        return lastSampleNanos == Long.MIN_VALUE || now - lastSampleNanos >= (long) (c.metricsIntervalS() * 1e9);
    }

    /** Records how many requests the deployment holds now, and returns the replica count to run. */
    int step(AutoscalingConfig c, int current, double ongoing, long now) {
        lastSampleNanos = now;
        samples.addLast(new Sample(now, ongoing));
        long window = (long) (c.lookBackPeriodS() * 1e9);
        while (samples.size() > 1 && now - samples.peekFirst().nanos() > window) {
            samples.removeFirst();
        }
        java.util.stream.DoubleStream held = samples.stream().mapToDouble(Sample::ongoing);
        double avgOngoing = switch (c.aggregationFunction()) {
            case "max" -> held.max().orElse(0);
            case "min" -> held.min().orElse(0);
            default -> held.average().orElse(0);
        };
        if (current == 0 && (ongoing > 0 || avgOngoing > 0)) {
            // from zero, a waiting request scales up at once: no delay, and a fresh window from here
            pendingDirection = 0;
            samples.clear();
            int wake = Math.max(c.minReplicas(), Math.max(1, (int) Math.ceil(c.upscalingFactor())));
            return Math.max(1, Math.min(c.maxReplicas(), wake));
        }
        int desired;
        if (current == 0) {
            desired = 0;
        } else {
            // no load over the window is an error ratio of 0: downscaling_factor and the one-down rule apply
            double errorRatio = avgOngoing / current / c.targetNumOngoingRequestsPerReplica();
            double smoothing = errorRatio >= 1 ? c.upscalingFactor() : c.downscalingFactor();
            desired = (int) Math.ceil(current * (1 + (errorRatio - 1) * smoothing));
            if (desired == current && Math.ceil(current * errorRatio) < current) {
                desired = current - 1; // the factor alone would hold it where the load says fewer: one down
            }
        }
        desired = Math.max(c.minReplicas(), Math.min(c.maxReplicas(), desired));
        if (desired == 0 && current > 1) {
            desired = 1; // to zero only from one replica, after the delay of its own
        }
        int direction = Integer.signum(desired - current);
        if (direction == 0) {
            pendingDirection = 0;
            return current;
        }
        if (direction != pendingDirection) {
            pendingDirection = direction;
            pendingSinceNanos = now;
        }
        double delay = direction > 0 ? c.upscaleDelayS()
                : desired == 0 ? c.downscaleToZeroDelayS().orElse(c.downscaleDelayS()) : c.downscaleDelayS();
        if (now - pendingSinceNanos >= (long) (delay * 1e9)) {
            pendingDirection = 0;
            samples.clear();
            return desired;
        }
        return current;
    }
}
