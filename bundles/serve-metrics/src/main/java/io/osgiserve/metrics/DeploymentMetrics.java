package io.osgiserve.metrics;

/** What the controller records per deployment: {@code ray_serve_deployment_status} and {@code ray_serve_autoscaling_target_replicas}. */
public interface DeploymentMetrics {

    /** The deployment's status (UPDATING, HEALTHY, ...), as its number (see {@link Statuses}). */
    void status(String status);

    /** The number of replicas the autoscaler (or the config) asks for. */
    void targetReplicas(int replicas);

    /** Removes this deployment's series. */
    void close();
}
