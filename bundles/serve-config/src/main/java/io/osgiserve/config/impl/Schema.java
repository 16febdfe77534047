package io.osgiserve.config.impl;

import io.osgiserve.config.ConfigForm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The field names of both forms, and the 2.0 names that the multi-application form takes as aliases. */
public final class Schema {

    // Ray 2.0 (ServeApplicationSchema)
    public static final List<String> APP_FIELDS = List.of("import_path", "runtime_env", "host", "port", "deployments");
    public static final List<String> DEPLOYMENT_OPTIONS = List.of("num_replicas", "route_prefix",
            "max_concurrent_queries", "max_queued_requests", "user_config", "autoscaling_config",
            "graceful_shutdown_wait_loop_s", "graceful_shutdown_timeout_s", "health_check_period_s",
            "health_check_timeout_s", "ray_actor_options");
    public static final List<String> AUTOSCALING_FIELDS = List.of("min_replicas", "max_replicas",
            "target_num_ongoing_requests_per_replica", "metrics_interval_s", "look_back_period_s",
            "smoothing_factor", "upscale_delay_s", "downscale_delay_s");

    // current Ray (ServeDeploySchema)
    public static final List<String> DEPLOY_FIELDS = List.of("proxy_location", "http_options", "grpc_options",
            "logging_config", "applications", "target_capacity");
    public static final List<String> HTTP_OPTIONS_FIELDS = List.of("host", "port", "root_path", "request_timeout_s",
            "keep_alive_timeout_s", "ssl_keyfile", "ssl_certfile", "ssl_keyfile_password", "ssl_ca_certs");
    public static final List<String> GRPC_OPTIONS_FIELDS = List.of("port", "grpc_servicer_functions", "request_timeout_s");
    public static final List<String> LOGGING_FIELDS = List.of("encoding", "log_level", "logs_dir", "enable_access_log",
            "additional_log_standard_attrs");
    /** {@code host} and {@code port} are known so that they get their own message (they belong at the top). */
    public static final List<String> MULTI_APP_APP_FIELDS = List.of("name", "route_prefix", "import_path", "runtime_env",
            "deployments", "args", "logging_config", "external_scaler_enabled", "autoscaling_policy", "host", "port");
    /** {@code route_prefix} is known so that it gets its own message (it belongs to the application). */
    public static final List<String> MULTI_APP_DEPLOYMENT_OPTIONS = List.of("num_replicas", "max_ongoing_requests",
            "max_concurrent_queries", "max_queued_requests", "user_config", "autoscaling_config",
            "graceful_shutdown_wait_loop_s", "graceful_shutdown_timeout_s", "health_check_period_s",
            "health_check_timeout_s", "ray_actor_options", "rolling_update_percentage", "placement_group_bundles",
            "placement_group_strategy", "max_replicas_per_node", "logging_config", "request_router_config",
            "route_prefix");
    public static final List<String> MULTI_APP_AUTOSCALING_FIELDS = List.of("min_replicas", "initial_replicas",
            "max_replicas", "target_ongoing_requests", "target_num_ongoing_requests_per_replica", "metrics_interval_s",
            "look_back_period_s", "smoothing_factor", "upscaling_factor", "downscaling_factor", "upscale_delay_s",
            "downscale_delay_s", "downscale_to_zero_delay_s", "aggregation_function", "policy");

    public static final List<String> RUNTIME_ENV_FIELDS = List.of("working_dir", "bundles", "py_modules", "env_vars");
    public static final List<String> RAY_ACTOR_OPTIONS_FIELDS = List.of("runtime_env", "num_cpus", "num_gpus",
            "memory", "object_store_memory", "resources", "accelerator_type");

    /**
     * Multi-application form: the fields that may be written as {@code null}, per mapping (as current Ray's
     * schema has them, so that what is accepted here is what Ray's own client can read back). Every other
     * field of the form needs a value or to be left out. (A few more are listed because a null gets another
     * message: a required field's "is required", or host and port's "set it at the top".)
     */
    public static final List<String> MULTI_APP_NULLABLE_TOP = List.of("logging_config", "target_capacity", "applications");
    public static final List<String> NULLABLE_HTTP_OPTIONS = List.of("request_timeout_s", "ssl_keyfile",
            "ssl_certfile", "ssl_keyfile_password", "ssl_ca_certs");
    public static final List<String> NULLABLE_GRPC_OPTIONS = List.of("request_timeout_s");
    public static final List<String> NULLABLE_LOGGING = List.of("logs_dir");
    public static final List<String> MULTI_APP_NULLABLE_APP = List.of("route_prefix", "logging_config", "autoscaling_policy",
            "import_path", "host", "port");
    public static final List<String> MULTI_APP_NULLABLE_DEPLOYMENT = List.of("num_replicas", "user_config",
            "autoscaling_config", "route_prefix");
    public static final List<String> MULTI_APP_NULLABLE_AUTOSCALING = List.of("initial_replicas", "upscaling_factor",
            "downscaling_factor", "downscale_to_zero_delay_s");

    /** Multi-application form: a deployment option's 2.0 name, and the current name it stands for. */
    public static final Map<String, String> DEPLOYMENT_ALIASES = Map.of("max_concurrent_queries", "max_ongoing_requests");
    /** Multi-application form: an autoscaling field's 2.0 name, and the current name it stands for. */
    public static final Map<String, String> AUTOSCALING_ALIASES =
            Map.of("target_num_ongoing_requests_per_replica", "target_ongoing_requests");

    private Schema() {
    }

    public static List<String> deploymentOptions(ConfigForm form) {
        return form == ConfigForm.SINGLE_APP ? DEPLOYMENT_OPTIONS : MULTI_APP_DEPLOYMENT_OPTIONS;
    }

    public static List<String> deploymentFields(ConfigForm form) {
        List<String> all = new ArrayList<>();
        all.add("name");
        all.addAll(deploymentOptions(form));
        return List.copyOf(all);
    }

    public static List<String> autoscalingFields(ConfigForm form) {
        return form == ConfigForm.SINGLE_APP ? AUTOSCALING_FIELDS : MULTI_APP_AUTOSCALING_FIELDS;
    }

    /**
     * The mapping with every alias written under the name it stands for (multi-application form; the
     * validator has made sure that no mapping writes both). The 2.0 form has no aliases.
     */
    public static Map<String, Object> canonical(ConfigForm form, Map<String, Object> written, Map<String, String> aliases) {
        if (form == ConfigForm.SINGLE_APP || aliases.keySet().stream().noneMatch(written::containsKey)) {
            return written;
        }
        Map<String, Object> canonical = new LinkedHashMap<>();
        written.forEach((key, value) -> canonical.put(aliases.getOrDefault(key, key), value));
        return canonical;
    }
}
