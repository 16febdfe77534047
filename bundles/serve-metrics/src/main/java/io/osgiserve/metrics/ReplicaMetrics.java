package io.osgiserve.metrics;

/**
 * What a replica and the controller record about one replica: requests processed, errors, processing
 * latency, requests in progress, starts, start-up latency, health and failed health checks.
 */
public interface ReplicaMetrics {

    /**
     * The replica is up ({@code ray_serve_deployment_replica_starts_total} + 1) after
     * {@code startupNanos} ({@code ray_serve_replica_startup_latency_ms}).
     */
    void started(long startupNanos);

    /** A request reached the replica's code ({@code ray_serve_replica_processing_queries} + 1). */
    void requestStarted();

    /**
     * The request is done: {@code ray_serve_replica_processing_queries} - 1,
     * {@code ray_serve_deployment_request_counter_total} + 1, {@code ray_serve_deployment_error_counter_total}
     * + 1 when it failed, and its time in {@code ray_serve_deployment_processing_latency_ms}.
     */
    void requestFinished(boolean failed, long latencyNanos);

    /** The latest health verdict ({@code ray_serve_deployment_replica_healthy}: 1 or 0). */
    void healthy(boolean healthy);

    /** A health check failed or timed out ({@code ray_serve_health_check_failures_total} + 1). */
    void healthCheckFailed();

    /** Removes this replica's series (the replica is gone). */
    void close();
}
