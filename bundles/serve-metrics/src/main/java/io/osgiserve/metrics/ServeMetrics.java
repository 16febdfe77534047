package io.osgiserve.metrics;

import io.osgiserve.metrics.impl.NoMetrics;
import io.osgiserve.metrics.impl.PrometheusServeMetrics;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The node's metrics, named as Ray Serve names them. The ingress, the routers, the replicas and the
 * controller take a handle when the thing they record appears (a route, a replica, a deployment) and
 * record through it; a handle's {@code close()} removes its series when the thing goes. Asking twice
 * for the same handle returns the same one. Every method is thread-safe.
 *
 * <p>Labels come from the node's own names (applications, routes, deployments, replica ids), never
 * from a request: a request's method is one of HTTP's methods or {@code OTHER}, its status a number
 * from 100 to 599, so nobody can grow the series by sending odd requests.
 */
public interface ServeMetrics {

    /** The content type of {@link #writeTo}: Prometheus text format 0.0.4. */
    String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Metrics kept in a Prometheus registry of their own, with the JVM's metrics beside them. */
    static ServeMetrics prometheus() {
        return new PrometheusServeMetrics(true);
    }

    /** Records nothing and exposes nothing: for a node with metrics switched off. */
    static ServeMetrics off() {
        return NoMetrics.INSTANCE;
    }

    /** The handle of an HTTP route of an application (its {@code route_prefix}). */
    HttpRouteMetrics httpRoute(String application, String route);

    /** The handle of the requests no route matched: application and route are empty. */
    default HttpRouteMetrics unrouted() {
        return httpRoute("", "");
    }

    /** Records a finished HTTP request: {@code httpRoute(application, route).requestServed(...)}. */
    default void requestServed(String application, String route, String method, int status, long latencyNanos) {
        httpRoute(application, route).requestServed(method, status, latencyNanos);
    }

    /** An HTTP request came in ({@code ray_serve_num_ongoing_http_requests} + 1). */
    void httpRequestStarted();

    /** An HTTP request was answered ({@code ray_serve_num_ongoing_http_requests} - 1). */
    void httpRequestEnded();

    /** The handle of one replica of a deployment. */
    ReplicaMetrics replica(String application, String deployment, String replicaId);

    /** The handle of the router in front of a deployment's replicas. */
    RouterMetrics router(String application, String deployment);

    /** The handle the controller records a deployment's state through. */
    DeploymentMetrics deployment(String application, String deployment);

    /** Sets {@code ray_serve_application_status} to the status's number (see {@link Statuses}). */
    void applicationStatus(String application, String status);

    /** Removes every series of an application (its routes, deployments, routers and replicas). */
    void applicationRemoved(String application);

    /** How long the controller's last pass took ({@code ray_serve_controller_control_loop_duration_s}). */
    void controlLoopDuration(long nanos);

    /** Writes every metric in Prometheus text format ({@link #CONTENT_TYPE}). */
    void writeTo(OutputStream out) throws IOException;
}
