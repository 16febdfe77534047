package io.osgiserve.metrics.impl;

import io.osgiserve.metrics.DeploymentMetrics;
import io.osgiserve.metrics.HttpRouteMetrics;
import io.osgiserve.metrics.ReplicaMetrics;
import io.osgiserve.metrics.RouterMetrics;
import io.osgiserve.metrics.ServeMetrics;
import java.io.OutputStream;

/** Metrics switched off: every handle is one shared object that does nothing. */
public final class NoMetrics implements ServeMetrics, HttpRouteMetrics, ReplicaMetrics, RouterMetrics, DeploymentMetrics {

    public static final NoMetrics INSTANCE = new NoMetrics();

    private NoMetrics() {}

    @Override public HttpRouteMetrics httpRoute(String application, String route) { return this; }
    @Override public void httpRequestStarted() {}
    @Override public void httpRequestEnded() {}
    @Override public ReplicaMetrics replica(String application, String deployment, String replicaId) { return this; }
    @Override public RouterMetrics router(String application, String deployment) { return this; }
    @Override public DeploymentMetrics deployment(String application, String deployment) { return this; }
    @Override public void applicationStatus(String application, String status) {}
    @Override public void applicationRemoved(String application) {}
    @Override public void controlLoopDuration(long nanos) {}
    @Override public void writeTo(OutputStream out) {}

    @Override public void requestServed(String method, int status, long latencyNanos) {}
    @Override public void started(long startupNanos) {}
    @Override public void requestStarted() {}
    @Override public void requestFinished(boolean failed, long latencyNanos) {}
    @Override public void healthy(boolean healthy) {}
    @Override public void healthCheckFailed() {}
    @Override public void requestRouted() {}
    @Override public void requestQueued() {}
    @Override public void requestDequeued() {}
    @Override public void status(String status) {}
    @Override public void targetReplicas(int replicas) {}
    @Override public void close() {}
}
