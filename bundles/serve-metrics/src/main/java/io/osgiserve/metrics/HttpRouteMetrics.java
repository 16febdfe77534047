package io.osgiserve.metrics;

/**
 * What the ingress records per route: {@code ray_serve_num_http_requests_total},
 * {@code ray_serve_num_http_error_requests_total} and {@code ray_serve_http_request_latency_ms}.
 */
public interface HttpRouteMetrics {

    /**
     * Records an answered request. A status of 400 or more also counts as an error with that code.
     *
     * @param method the request's method; anything but HTTP's methods is recorded as {@code OTHER}
     * @param status the status sent; outside 100 to 599 it is recorded as 599
     * @param latencyNanos from the request's arrival to the answer, in nanoseconds
     */
    void requestServed(String method, int status, long latencyNanos);

    /** Removes this route's series (the route is gone). */
    void close();
}
