package io.osgiserve.config;

/**
 * The two forms of a config. Each keeps its own field names, defaults and update classes, so a file
 * written for Ray 2.0 behaves as it did there, and one written for current Ray as it does there.
 */
public enum ConfigForm {
    /**
     * Ray 2.0's {@code ServeApplicationSchema}: one application (named {@code default}), host and port
     * in the document, {@code route_prefix} per deployment, {@code max_concurrent_queries} 100, and every
     * option but {@code num_replicas}, {@code user_config}, {@code autoscaling_config} replaces replicas.
     */
    SINGLE_APP,
    /**
     * Current Ray's {@code ServeDeploySchema}: {@code applications}, each with its name and
     * {@code route_prefix}; {@code http_options} at the top; {@code max_ongoing_requests} 5,
     * {@code target_ongoing_requests} 2; only replica options (code, {@code ray_actor_options}, placement)
     * replace replicas. The 2.0 names are accepted as aliases of the current ones.
     */
    MULTI_APP
}
