package io.osgiserve.runtime.controller;

import io.osgiserve.metrics.DeploymentMetrics;
import io.osgiserve.metrics.ServeMetrics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The controller's gauges: each application's and deployment's status and each deployment's target
 * replicas, set from the status view once a tick; the series of an application or deployment that is
 * gone are removed. Loop thread only.
 */
final class StatusGauges {
    private final Map<String, DeploymentMetrics> deployments = new HashMap<>();
    private final Set<String> applications = new HashSet<>();

    /** Records what {@code apps} show now (the node's every application). */
    void record(ServeMetrics metrics, List<StatusView.App> apps) {
        Set<String> seenApps = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (StatusView.App app : apps) {
            if (app.goal() == null) {
                continue;
            }
            seenApps.add(app.name());
            metrics.applicationStatus(app.name(), app.status());
            for (ReplicaSet s : app.deployments()) {
                String key = app.name() + '\n' + s.name;
                seen.add(key);
                DeploymentMetrics d = deployments.computeIfAbsent(key, k -> metrics.deployment(app.name(), s.name));
                d.status(s.status());
                d.targetReplicas(s.target());
            }
        }
        deployments.entrySet().removeIf(e -> {
            if (seen.contains(e.getKey())) {
                return false;
            }
            e.getValue().close();
            return true;
        });
        for (String gone : applications) {
            if (!seenApps.contains(gone)) {
                metrics.applicationRemoved(gone);
            }
        }
        applications.clear();
        applications.addAll(seenApps);
    }
}
