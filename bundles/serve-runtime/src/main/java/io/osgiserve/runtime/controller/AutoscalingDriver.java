package io.osgiserve.runtime.controller;

import io.osgiserve.config.AutoscalingConfig;

/** Feeds each autoscaled deployment's load (requests held and queued) to its {@link Autoscaler}; a new count becomes the set's target. */
final class AutoscalingDriver {
    private final ReconcileLoop loop;

    AutoscalingDriver(ReconcileLoop loop) {
        this.loop = loop;
    }

    void tick(ReplicaSet set, long now) {
        loop.assertOnLoop();
        DeploymentSpec spec = set.spec();
        if (spec == null || spec.options().autoscalingConfig().isEmpty() || !set.converged()) {
            return;
        }
        AutoscalingConfig c = spec.options().autoscalingConfig().get();
        if (!set.autoscaler.due(c, now)) {
            return;
        }
        double ongoing = set.router.queued();
        for (ReplicaSet.Member m : set.members()) {
            ongoing += m.replica.inFlight();
        }
        int next = set.autoscaler.step(c, set.target(), ongoing, now);
        set.rescale(next);
    }
}
