package io.osgiserve.runtime.controller;

import io.osgiserve.runtime.replica.Replica;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Runs each running replica's checkHealth every health_check_period_s of the version it runs, off the
 * loop; an answer (or no answer within health_check_timeout_s) comes back to the loop as an event.
 * A check that has not returned is not queued again. Three failures in a row replace the replica
 * ({@link ReplicaSet#healthChecked}).
 */
final class HealthMonitor {
    private final ReconcileLoop loop;

    HealthMonitor(ReconcileLoop loop) {
        this.loop = loop;
    }

    void tick(ReplicaSet set) {
        loop.assertOnLoop();
        for (ReplicaSet.Member m : set.members()) {
            Replica r = m.replica;
            double period = m.spec.healthCheckPeriodS();
            double timeout = m.spec.healthCheckTimeoutS();
            if (m.phase != ReplicaSet.Phase.RUNNING || r.state() != Replica.State.RUNNING || !r.healthCheckDue(period)) {
                continue;
            }
            CompletableFuture<Void> check = r.checkHealth(Duration.ofMillis((long) (timeout * 1000)));
            if (check != null) {
                check.whenComplete((v, t) -> loop.post(() -> set.healthChecked(m, t, timeout)));
            }
        }
    }
}
