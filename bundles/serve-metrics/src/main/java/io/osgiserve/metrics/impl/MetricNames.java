package io.osgiserve.metrics.impl;

/** Ray Serve's metric names and label names, as its Grafana dashboards query them. */
public final class MetricNames {

    // the proxy (our ingress)
    public static final String HTTP_REQUESTS = "ray_serve_num_http_requests_total";
    public static final String HTTP_ERRORS = "ray_serve_num_http_error_requests_total";
    public static final String HTTP_LATENCY = "ray_serve_http_request_latency_ms";
    public static final String HTTP_ONGOING = "ray_serve_num_ongoing_http_requests";
    // the replicas
    public static final String REPLICA_REQUESTS = "ray_serve_deployment_request_counter_total";
    public static final String REPLICA_ERRORS = "ray_serve_deployment_error_counter_total";
    public static final String REPLICA_LATENCY = "ray_serve_deployment_processing_latency_ms";
    public static final String REPLICA_PROCESSING = "ray_serve_replica_processing_queries";
    public static final String REPLICA_STARTS = "ray_serve_deployment_replica_starts_total";
    // the routers
    public static final String ROUTER_QUEUED = "ray_serve_deployment_queued_queries";
    public static final String ROUTER_REQUESTS = "ray_serve_num_router_requests_total";
    // the controller
    public static final String REPLICA_HEALTHY = "ray_serve_deployment_replica_healthy";
    public static final String DEPLOYMENT_STATUS = "ray_serve_deployment_status";
    public static final String APPLICATION_STATUS = "ray_serve_application_status";
    public static final String AUTOSCALING_TARGET = "ray_serve_autoscaling_target_replicas";
    public static final String HEALTH_CHECK_FAILURES = "ray_serve_health_check_failures_total";
    public static final String REPLICA_STARTUP_LATENCY = "ray_serve_replica_startup_latency_ms";
    public static final String CONTROL_LOOP_DURATION = "ray_serve_controller_control_loop_duration_s";

    public static final String APPLICATION = "application";
    public static final String ROUTE = "route";
    public static final String METHOD = "method";
    public static final String STATUS_CODE = "status_code";
    public static final String ERROR_CODE = "error_code";
    public static final String DEPLOYMENT = "deployment";
    public static final String REPLICA = "replica";

    /** Ray Serve's latency buckets, in milliseconds. */
    static final double[] LATENCY_BUCKETS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};

    /** Replica start-up takes from milliseconds (a plain object) to minutes (a model loading). */
    static final double[] STARTUP_BUCKETS_MS = {1, 10, 100, 1000, 10_000, 30_000, 60_000, 300_000, 600_000};

    private MetricNames() {}
}
