package io.osgiserve.runtime.controller;

import io.osgiserve.api.BoundDeployment;
import io.osgiserve.config.AutoscalingConfig;
import io.osgiserve.config.Defaults;
import io.osgiserve.config.DeploymentConfig;
import java.util.Map;

/**
 * One version of a deployment: what its replicas are made from (graph node, code, env_vars) and the
 * options they keep for their whole life (graceful shutdown, health checks). A replica remembers the
 * spec it was started from; a replacement makes a new {@code version}, a lightweight change keeps it.
 */
record DeploymentSpec(String name, long version, BoundDeployment node, DeploymentConfig options,
        InstalledCode code, Map<String, String> envVars) {

    /** The same version with a lightweight change (user_config, num_replicas, autoscaling_config). */
    DeploymentSpec lightweight(BoundDeployment newNode, DeploymentConfig newOptions) {
        return new DeploymentSpec(name, version, newNode, newOptions, code, envVars);
    }

    String codeIdentity() {
        return code.identity();
    }

    Map<String, Object> userConfig() {
        return options.userConfig().orElse(null);
    }

    String routePrefix() {
        return options.routePrefix().orElse(null);
    }

    int maxConcurrentQueries() {
        return options.maxConcurrentQueries().orElse(Defaults.MAX_CONCURRENT_QUERIES);
    }

    double gracefulShutdownWaitLoopS() {
        return options.gracefulShutdownWaitLoopS().orElse(Defaults.GRACEFUL_SHUTDOWN_WAIT_LOOP_S);
    }

    double gracefulShutdownTimeoutS() {
        return options.gracefulShutdownTimeoutS().orElse(Defaults.GRACEFUL_SHUTDOWN_TIMEOUT_S);
    }

    double healthCheckPeriodS() {
        return options.healthCheckPeriodS().orElse(Defaults.HEALTH_CHECK_PERIOD_S);
    }

    double healthCheckTimeoutS() {
        return options.healthCheckTimeoutS().orElse(Defaults.HEALTH_CHECK_TIMEOUT_S);
    }

    /** A new deployment's replica count: num_replicas, or initial_replicas (else min_replicas) when it autoscales. */
    int initialTarget() {
        return options.autoscalingConfig().map(a -> a.initialReplicas().orElse(a.minReplicas()))
                .orElse(options.numReplicas().orElse(Defaults.NUM_REPLICAS));
    }

    /** A running deployment's replica count: an autoscaled one keeps its count, within the new bounds. */
    int target(int current) {
        return options.autoscalingConfig().map(a -> Math.max(a.minReplicas(), Math.min(a.maxReplicas(), current)))
                .orElse(options.numReplicas().orElse(Defaults.NUM_REPLICAS));
    }
}
