package io.osgiserve.runtime.controller;

import io.osgiserve.config.AutoscalingConfig;

/**
 * Feeds each autoscaled deployment's load (requests held and queued) to its {@link Autoscaler}; a new count
 * becomes the set's target. Runs on every tick, and at once when a request waits at a deployment with no
 * replica ({@link #wake}).
 */
final class AutoscalingDriver {
    private final ReconcileLoop loop;

    AutoscalingDriver(ReconcileLoop loop) {
        this.loop = loop;
    }

    /**
     * What a router calls when a request queues and it has no replica: the loop scales the set now. A burst
     * of such requests posts one event, not one each (the loop must not be flooded from the request path).
     */
    Runnable wake(ReplicaSet set) {
        java.util.concurrent.atomic.AtomicBoolean posted = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (posted.compareAndSet(false, true)) {
                loop.post(() -> {
                    posted.set(false);
                    tick(set, System.nanoTime());
                });
            }
        };
    }

    void tick(ReplicaSet set, long now) {
        loop.assertOnLoop();
        DeploymentSpec spec = set.spec();
        if (spec == null || spec.options().autoscalingConfig().isEmpty() || !set.converged()) {
            return;
        }
        AutoscalingConfig c = spec.options().autoscalingConfig().get();
        // a request waiting at zero replicas is not left for the next sample: it scales up now
        boolean wakingFromZero = set.target() == 0 && set.router.queued() > 0;
        if (!wakingFromZero && !set.autoscaler.due(c, now)) {
            return;
        }
        double ongoing = set.router.queued();
        for (ReplicaSet.Member m : set.members()) {
            ongoing += m.replica.inFlight();
        }
        int next = set.autoscaler.step(c, set.target(), ongoing, now);
        if (next != set.target()) {
            set.event(EventHistory.Kind.SCALE, null, "autoscaler: " + set.target() + " -> " + next + " replicas (" + ongoing + " requests ongoing or queued)");
        }
        set.scaleTo(next);
    }
}
