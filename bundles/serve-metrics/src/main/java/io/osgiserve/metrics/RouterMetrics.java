package io.osgiserve.metrics;

/** What a deployment's router records: {@code ray_serve_num_router_requests_total} and {@code ray_serve_deployment_queued_queries}. */
public interface RouterMetrics {

    /** A request (HTTP or handle call) was given to the router. */
    void requestRouted();

    /** A request waits in the router's queue for a free replica. */
    void requestQueued();

    /** A request left the queue (it was assigned, refused or cancelled). */
    void requestDequeued();

    /** Removes this router's series. */
    void close();
}
