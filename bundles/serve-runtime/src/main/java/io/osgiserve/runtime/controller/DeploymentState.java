package io.osgiserve.runtime.controller;

import io.osgiserve.api.BoundDeployment;
import io.osgiserve.config.DeploymentConfig;
import io.osgiserve.runtime.replica.Replica;
import io.osgiserve.runtime.routing.DeploymentRouter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What runs of one deployment: its definition, its replicas (routed and retiring) and its status. */
final class DeploymentState {
    final String name;
    final DeploymentRouter router;
    /** Routed replicas, in start order. */
    final List<Replica> replicas = new CopyOnWriteArrayList<>();
    /** Replicas taken out of routing that are finishing what they hold. */
    final List<Replica> retiring = new CopyOnWriteArrayList<>();
    /** Used only on the controller's timer thread. */
    final Autoscaler autoscaler = new Autoscaler();

    volatile BoundDeployment node;
    volatile DeploymentConfig effective;
    volatile InstalledCode code;
    volatile String routePrefix;
    volatile Map<String, Object> userConfig;
    volatile long configVersion;
    volatile int target;
    volatile boolean updating = true;
    volatile String failure;
    /** The failure that a health replacement set; cleared once {@link #onProbation} is empty. */
    volatile String healthFailure;
    /** Replacements of an unhealthy replica that have not passed a health check yet. */
    final Set<Replica> onProbation = ConcurrentHashMap.newKeySet();

    DeploymentState(String name, DeploymentRouter router) {
        this.name = name;
        this.router = router;
    }

    void publish() {
        router.replicas(List.copyOf(replicas));
    }

    String status() {
        if (failure != null) {
            return "UNHEALTHY";
        }
        if (updating || runningCount() != target) {
            return "UPDATING";
        }
        return "HEALTHY";
    }

    String message() {
        return failure == null ? "" : failure;
    }

    long runningCount() {
        return replicas.stream().filter(r -> r.state() == Replica.State.RUNNING || r.state() == Replica.State.UPDATING)
                .count();
    }
}
