package io.osgiserve.config.impl;

import io.osgiserve.config.ConfigForm;
import io.osgiserve.config.Defaults;
import io.osgiserve.config.FieldError;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of both forms of the config: Ray 2.0's {@code ServeApplicationSchema} and current Ray's
 * {@code ServeDeploySchema}. Every problem is reported, each with the path of its field and a reason a user
 * can act on; nothing stops at the first.
 */
public final class ConfigValidator {

    public static final Set<String> URI_SCHEMES = Set.of("file", "http", "https", "mvn");

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):(.*)$", Pattern.DOTALL);
    private static final String SCHEMES = "file:, http:, https: or mvn:";
    /** Application names appear in URLs, configuration PIDs ({@code <app>.<deployment>}) and metric labels. */
    private static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> PROXY_LOCATIONS = Set.of("EveryNode", "HeadOnly", "Disabled");
    private static final Set<String> AGGREGATION_FUNCTIONS = Set.of("mean", "max", "min");
    private static final Set<String> ENCODINGS = Set.of("TEXT", "JSON");
    private static final Set<String> LOG_LEVELS = Set.of("CRITICAL", "FATAL", "ERROR", "WARN", "WARNING", "INFO",
            "DEBUG", "NOTSET");
    private static final Set<Integer> LOG_LEVEL_NUMBERS = Set.of(0, 10, 20, 30, 40, 50);

    private final List<FieldError> errors;
    private final ConfigForm form;

    private ConfigValidator(List<FieldError> errors, ConfigForm form) {
        this.errors = errors;
        this.form = form;
    }

    /** The form of a document: multi-application when it has {@code applications}, else Ray 2.0's. */
    public static ConfigForm formOf(Map<String, Object> doc) {
        return doc.containsKey("applications") ? ConfigForm.MULTI_APP : ConfigForm.SINGLE_APP;
    }

    /** Checks a whole document of either form, adding its problems to {@code errors}. */
    public static void validateDocument(Map<String, Object> doc, List<FieldError> errors) {
        ConfigForm form = formOf(doc);
        ConfigValidator validator = new ConfigValidator(errors, form);
        if (form == ConfigForm.MULTI_APP) {
            validator.deployDocument(doc);
        } else {
            validator.app(doc);
        }
    }

    /** Checks one deployment's options (without {@code name}) in a form; paths start with {@code prefix}. */
    public static void validateDeploymentOptions(ConfigForm form, String prefix, Map<String, Object> options,
            List<FieldError> errors) {
        new ConfigValidator(errors, form).deploymentOptions(prefix, options);
    }

    // ---- Ray 2.0: one application, the document itself

    private void app(Map<String, Object> doc) {
        for (String key : doc.keySet()) {
            if (Schema.APP_FIELDS.contains(key)) {
                continue;
            }
            if (Schema.DEPLOY_FIELDS.contains(key)) {
                error(key, "belongs to the multi-application form, which lists its applications under 'applications'");
            } else {
                unknownField("", key, Schema.APP_FIELDS, "");
            }
        }
        importPath("import_path", doc.get("import_path"));
        runtimeEnv("runtime_env", doc.get("runtime_env"));
        host("host", doc.get("host"));
        port("port", doc.get("port"));
        deployments("deployments", doc.get("deployments"));
    }

    // ---- current Ray: applications, http_options and the rest at the top

    private void deployDocument(Map<String, Object> doc) {
        notNull("", doc, Schema.DEPLOY_FIELDS, Schema.MULTI_APP_NULLABLE_TOP);
        for (String key : doc.keySet()) {
            if (Schema.DEPLOY_FIELDS.contains(key)) {
                continue;
            }
            if (Schema.APP_FIELDS.contains(key)) {
                error(key, "belongs inside an application in the multi-application form (applications[].".concat(key)
                        + (key.equals("host") || key.equals("port") ? "; host and port go under http_options)" : ")"));
            } else {
                unknownField("", key, Schema.DEPLOY_FIELDS, "");
            }
        }
        Object location = doc.get("proxy_location");
        notActedOn("proxy_location", "proxy_location", location, () -> oneOf("proxy_location", location, PROXY_LOCATIONS));
        httpOptions(doc.get("http_options"));
        grpcOptions(doc.get("grpc_options"));
        loggingConfig("logging_config", doc.get("logging_config"));
        Number capacity = number("target_capacity", doc.get("target_capacity"));
        if (capacity != null && (capacity.doubleValue() < 0 || capacity.doubleValue() > 100)) {
            error("target_capacity", "must be between 0 and 100 (got " + Values.show(capacity) + ")");
        } else if (capacity != null) {
            NotActedOn.check("target_capacity", "target_capacity", capacity, errors);
        }
        Object apps = doc.get("applications");
        if (apps == null) {
            error("applications", "is required: a list of applications (an empty list deletes them all)");
            return;
        }
        List<?> list = list("applications", apps);
        if (list == null) {
            return;
        }
        if (list.size() > Defaults.MAX_APPLICATIONS) {
            error("applications", "lists " + list.size() + " applications; the limit is " + Defaults.MAX_APPLICATIONS);
            return;
        }
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> routes = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "applications[" + i + "]";
            if (list.get(i) == null) {
                error(path, "must be a mapping with at least an import_path (got null)");
                continue;
            }
            Map<String, Object> app = mapping(path, list.get(i));
            if (app != null) {
                application(path, app, i, names, routes);
            }
        }
    }

    private void httpOptions(Object value) {
        Map<String, Object> http = mapping("http_options", value);
        if (http == null) {
            return;
        }
        unknownFields("http_options.", http, Schema.HTTP_OPTIONS_FIELDS, "");
        notNull("http_options.", http, Schema.HTTP_OPTIONS_FIELDS, Schema.NULLABLE_HTTP_OPTIONS);
        host("http_options.host", http.get("host"));
        port("http_options.port", http.get("port"));
        // at the top level a field's schema key is its path
        String rootPath = "http_options.root_path";
        notActedOn(rootPath, rootPath, http.get("root_path"), () -> string(rootPath, http.get("root_path")));
        String timeout = "http_options.request_timeout_s";
        notActedOn(timeout, timeout, http.get("request_timeout_s"),
                () -> greaterThanZero(timeout, number(timeout, http.get("request_timeout_s"))));
        String keepAlive = "http_options.keep_alive_timeout_s";
        notActedOn(keepAlive, keepAlive, http.get("keep_alive_timeout_s"),
                () -> atLeastZero(keepAlive, integer(keepAlive, http.get("keep_alive_timeout_s"))));
        for (String field : List.of("ssl_keyfile", "ssl_certfile", "ssl_keyfile_password", "ssl_ca_certs")) {
            String ssl = "http_options." + field;
            notActedOn(ssl, ssl, http.get(field), () -> string(ssl, http.get(field)));
        }
        if ((http.get("ssl_keyfile") == null) != (http.get("ssl_certfile") == null)) {
            error(http.get("ssl_keyfile") == null ? "http_options.ssl_keyfile" : "http_options.ssl_certfile",
                    "ssl_keyfile and ssl_certfile go together: write both or neither");
        }
    }

    private void grpcOptions(Object value) {
        Map<String, Object> grpc = mapping("grpc_options", value);
        if (grpc == null) {
            return;
        }
        unknownFields("grpc_options.", grpc, Schema.GRPC_OPTIONS_FIELDS, "");
        notNull("grpc_options.", grpc, Schema.GRPC_OPTIONS_FIELDS, Schema.NULLABLE_GRPC_OPTIONS);
        String port = "grpc_options.port";
        notActedOn(port, port, grpc.get("port"), () -> port(port, grpc.get("port")));
        String servicers = "grpc_options.grpc_servicer_functions";
        notActedOn(servicers, servicers, grpc.get("grpc_servicer_functions"),
                () -> strings(servicers, grpc.get("grpc_servicer_functions")));
        String timeout = "grpc_options.request_timeout_s";
        notActedOn(timeout, timeout, grpc.get("request_timeout_s"),
                () -> greaterThanZero(timeout, number(timeout, grpc.get("request_timeout_s"))));
    }

    /** A {@code logging_config} at any level (the top, an application, a deployment). */
    private void loggingConfig(String path, Object value) {
        Map<String, Object> logging = mapping(path, value);
        if (logging == null) {
            return;
        }
        String p = path + ".";
        unknownFields(p, logging, Schema.LOGGING_FIELDS, "");
        notNull(p, logging, Schema.LOGGING_FIELDS, Schema.NULLABLE_LOGGING);
        Object encoding = logging.get("encoding");
        notActedOn("logging_config.encoding", p + "encoding", encoding, () -> oneOf(p + "encoding", encoding, ENCODINGS));
        Object level = logging.get("log_level");
        notActedOn("logging_config.log_level", p + "log_level", level, () -> logLevel(p + "log_level", level));
        Object dir = logging.get("logs_dir");
        notActedOn("logging_config.logs_dir", p + "logs_dir", dir, () -> string(p + "logs_dir", dir));
        Object access = logging.get("enable_access_log");
        if (access != null) {
            bool(p + "enable_access_log", access); // acted on: the ingress's access log (AccessLogSwitch)
        }
        Object attrs = logging.get("additional_log_standard_attrs");
        notActedOn("logging_config.additional_log_standard_attrs", p + "additional_log_standard_attrs", attrs,
                () -> strings(p + "additional_log_standard_attrs", attrs));
    }

    private void application(String path, Map<String, Object> app, int index, Map<String, Integer> names,
            Map<String, Integer> routes) {
        String p = path + ".";
        notNull(p, app, Schema.MULTI_APP_APP_FIELDS, Schema.MULTI_APP_NULLABLE_APP);
        for (String key : app.keySet()) {
            if (key.equals("host") || key.equals("port")) {
                error(p + key, "is set in application " + appName(app) + "; remove it and set " + key
                        + " under the top level's http_options only");
            } else if (!Schema.MULTI_APP_APP_FIELDS.contains(key)) {
                unknownField(p, key, Schema.MULTI_APP_APP_FIELDS, "");
            }
        }
        Object nameValue = app.get("name");
        String name = Defaults.APP_NAME;
        if (nameValue != null && string(p + "name", nameValue) != null) {
            name = (String) nameValue;
            if (name.isEmpty()) {
                error(p + "name", "must not be empty (leave it out to name the application '" + Defaults.APP_NAME + "')");
            } else if (!APP_NAME.matcher(name).matches()) {
                error(p + "name", "must be 1 to 64 letters, digits, '_' or '-': it names the application in URLs"
                        + " and configuration PIDs (got '" + shorten(name) + "')");
            }
        }
        if (nameValue == null || nameValue instanceof String) {
            Integer first = names.putIfAbsent(name, index);
            if (first != null) {
                error(p + "name", "duplicate application name '" + name + "' (also applications[" + first + "]"
                        + (nameValue == null ? ", where a missing name is '" + Defaults.APP_NAME + "' too" : "")
                        + "); each application needs its own name");
            }
        }
        Object route = app.containsKey("route_prefix") ? app.get("route_prefix") : Defaults.APP_ROUTE_PREFIX;
        if (route != null && routePrefix(p + "route_prefix", route)) {
            Integer first = routes.putIfAbsent((String) route, index);
            if (first != null) {
                error(p + "route_prefix", "duplicate route_prefix '" + route + "' (also applications[" + first + "]"
                        + (app.containsKey("route_prefix") ? "" : "; a missing route_prefix is '/'")
                        + "); each application needs its own, or null to be unreachable over HTTP");
            }
        }
        importPath(p + "import_path", app.get("import_path"));
        runtimeEnv(p + "runtime_env", app.get("runtime_env"));
        mapping(p + "args", app.get("args"));
        deployments(p + "deployments", app.get("deployments"));
        loggingConfig(p + "logging_config", app.get("logging_config"));
        notActedOn("application.external_scaler_enabled", p + "external_scaler_enabled", app.get("external_scaler_enabled"),
                () -> bool(p + "external_scaler_enabled", app.get("external_scaler_enabled")));
        notActedOn("application.autoscaling_policy", p + "autoscaling_policy", app.get("autoscaling_policy"),
                () -> mapping(p + "autoscaling_policy", app.get("autoscaling_policy")));
    }

    private static String appName(Map<String, Object> app) {
        return app.get("name") instanceof String s ? "'" + shorten(s) + "'" : "'" + Defaults.APP_NAME + "'";
    }

    // ---- both forms

    private void importPath(String path, Object importPath) {
        if (importPath == null) {
            error(path, "is required (for example 'fruit:deployment_graph')");
        } else if (string(path, importPath) != null) {
            String problem = ImportPaths.problem((String) importPath);
            if (problem != null) {
                error(path, problem);
            }
        }
    }

    private void host(String path, Object host) {
        if (host != null && string(path, host) != null && ((String) host).isBlank()) {
            error(path, "must not be empty (got \"" + host + "\")");
        }
    }

    private void port(String path, Object value) {
        Long port = integer(path, value);
        if (port != null && (port < 1 || port > 65535)) {
            error(path, "must be between 1 and 65535 (got " + port + ")");
        }
    }

    private void deployments(String path, Object value) {
        List<?> list = list(path, value);
        if (list == null) {
            return;
        }
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String p = path + "[" + i + "]";
            Map<String, Object> entry = mapping(p, list.get(i));
            if (list.get(i) == null) {
                error(p, "must be a mapping with at least a name (got null)");
            }
            if (entry == null) {
                continue;
            }
            unknownFields(p + ".", entry, Schema.deploymentFields(form), "");
            Object name = entry.get("name");
            if (name == null) {
                error(p + ".name", "is required");
            } else if (string(p + ".name", name) != null) {
                String text = (String) name;
                if (text.isBlank()) {
                    error(p + ".name", "must not be empty");
                } else if (firstIndex.containsKey(text)) {
                    error(p + ".name", "duplicate deployment name '" + text + "' (also " + path + "["
                            + firstIndex.get(text) + "]); list each deployment once");
                } else {
                    firstIndex.put(text, i);
                }
            }
            options(p, entry);
        }
    }

    private void deploymentOptions(String prefix, Map<String, Object> options) {
        unknownFields(prefix + ".", options, Schema.deploymentOptions(form), "");
        options(prefix, options);
    }

    private void options(String prefix, Map<String, Object> d) {
        String p = prefix + ".";
        if (form == ConfigForm.MULTI_APP) {
            multiAppOptions(p, d);
        } else {
            Long numReplicas = integer(p + "num_replicas", d.get("num_replicas"));
            greaterThanZero(p + "num_replicas", numReplicas);
            routePrefix(p + "route_prefix", d.get("route_prefix"));
            greaterThanZero(p + "max_concurrent_queries", integer(p + "max_concurrent_queries", d.get("max_concurrent_queries")));
        }
        Long maxQueued = integer(p + "max_queued_requests", d.get("max_queued_requests"));
        if (maxQueued != null && maxQueued != -1 && maxQueued <= 0) {
            error(p + "max_queued_requests", "must be > 0, or -1 for the node's limit (got " + maxQueued + ")");
        }
        mapping(p + "user_config", d.get("user_config"));
        Map<String, Object> autoscaling = mapping(p + "autoscaling_config", d.get("autoscaling_config"));
        if (autoscaling != null) {
            autoscaling(p + "autoscaling_config", autoscaling, "auto".equals(d.get("num_replicas")));
        }
        if (d.get("num_replicas") instanceof Number && d.get("autoscaling_config") != null) {
            error(p + "num_replicas",
                    "Manually setting num_replicas is not allowed when autoscaling_config is provided.");
        }
        atLeastZero(p + "graceful_shutdown_wait_loop_s", number(p + "graceful_shutdown_wait_loop_s", d.get("graceful_shutdown_wait_loop_s")));
        atLeastZero(p + "graceful_shutdown_timeout_s", number(p + "graceful_shutdown_timeout_s", d.get("graceful_shutdown_timeout_s")));
        greaterThanZero(p + "health_check_period_s", number(p + "health_check_period_s", d.get("health_check_period_s")));
        greaterThanZero(p + "health_check_timeout_s", number(p + "health_check_timeout_s", d.get("health_check_timeout_s")));
        Map<String, Object> actorOptions = mapping(p + "ray_actor_options", d.get("ray_actor_options"));
        if (actorOptions != null) {
            rayActorOptions(p + "ray_actor_options", actorOptions);
        }
    }

    private void multiAppOptions(String p, Map<String, Object> d) {
        notNull(p, d, Schema.MULTI_APP_DEPLOYMENT_OPTIONS, Schema.MULTI_APP_NULLABLE_DEPLOYMENT);
        Object replicas = d.get("num_replicas");
        if (replicas instanceof String s) {
            if (!s.equals("auto")) {
                error(p + "num_replicas", "must be an integer > 0 or \"auto\" (got " + Values.describe(s) + ")");
            }
        } else if (replicas != null && !(replicas instanceof Integer || replicas instanceof Long)) {
            error(p + "num_replicas", "must be an integer > 0 or \"auto\" (got " + Values.describe(replicas) + ")");
        } else {
            greaterThanZero(p + "num_replicas", integer(p + "num_replicas", replicas));
        }
        if (d.containsKey("route_prefix")) {
            error(p + "route_prefix", "is set per application in the multi-application form; move it to the"
                    + " application's route_prefix");
        }
        aliasesWrittenOnce(p, d, Schema.DEPLOYMENT_ALIASES);
        for (String field : List.of("max_ongoing_requests", "max_concurrent_queries")) {
            greaterThanZero(p + field, integer(p + field, d.get(field)));
        }
        Number rolling = number(p + "rolling_update_percentage", d.get("rolling_update_percentage"));
        if (rolling != null && (rolling.doubleValue() <= 0 || rolling.doubleValue() > 1)) {
            error(p + "rolling_update_percentage", "must be > 0 and <= 1 (got " + Values.show(rolling) + ")");
        }
        notActedOn("deployment.max_replicas_per_node", p + "max_replicas_per_node", d.get("max_replicas_per_node"),
                () -> integer(p + "max_replicas_per_node", d.get("max_replicas_per_node")));
        notActedOn("deployment.placement_group_bundles", p + "placement_group_bundles", d.get("placement_group_bundles"),
                () -> list(p + "placement_group_bundles", d.get("placement_group_bundles")));
        notActedOn("deployment.placement_group_strategy", p + "placement_group_strategy", d.get("placement_group_strategy"),
                () -> string(p + "placement_group_strategy", d.get("placement_group_strategy")));
        notActedOn("deployment.request_router_config", p + "request_router_config", d.get("request_router_config"),
                () -> mapping(p + "request_router_config", d.get("request_router_config")));
        loggingConfig(p + "logging_config", d.get("logging_config"));
    }

    /** Multi-application form: a 2.0 name and the current name it stands for may not both be written. */
    private void aliasesWrittenOnce(String p, Map<String, Object> map, Map<String, String> aliases) {
        aliases.forEach((old, current) -> {
            if (map.containsKey(old) && map.containsKey(current)) {
                error(p + old, "is Ray 2.0's name of " + current + "; write only one of the two");
            }
        });
    }

    /** True when {@code value} is a string that is a valid route prefix. */
    private boolean routePrefix(String path, Object value) {
        if (value == null || string(path, value) == null) {
            return false;
        }
        int before = errors.size();
        String route = (String) value;
        if (!route.startsWith("/")) {
            error(path, "must start with '/' (got '" + shorten(route) + "')");
        } else if (route.length() > 1 && route.endsWith("/")) {
            error(path, "must not end with '/' unless it is exactly '/' (got '" + shorten(route) + "')");
        }
        if (route.contains("{") || route.contains("}")) {
            error(path, "must not contain '{' or '}' (got '" + shorten(route) + "')");
        }
        return errors.size() == before;
    }

    /** {@code auto}: {@code num_replicas: "auto"}, whose bounds default to 1 and 100 instead of 1 and 1. */
    private void autoscaling(String prefix, Map<String, Object> a, boolean auto) {
        String p = prefix + ".";
        boolean multi = form == ConfigForm.MULTI_APP;
        unknownFields(p, a, Schema.autoscalingFields(form), "");
        Long min = integer(p + "min_replicas", a.get("min_replicas"));
        atLeastZero(p + "min_replicas", min);
        Long max = integer(p + "max_replicas", a.get("max_replicas"));
        greaterThanZero(p + "max_replicas", max);
        long defaultMax = auto ? Defaults.AUTO_MAX_REPLICAS : Defaults.MAX_REPLICAS;
        long effectiveMin = min == null ? (auto ? Defaults.AUTO_MIN_REPLICAS : Defaults.MIN_REPLICAS) : min;
        if (max != null && max > 0 && max < effectiveMin) {
            error(p + "max_replicas", "must be >= min_replicas (" + effectiveMin + ") (got " + max + ")");
        } else if (max == null && a.get("max_replicas") == null && min != null && min > defaultMax) {
            error(p + "max_replicas", "must be >= min_replicas (" + min + "); it defaults to " + defaultMax
                    + ", so write it");
        }
        if (multi) {
            notNull(p, a, Schema.MULTI_APP_AUTOSCALING_FIELDS, Schema.MULTI_APP_NULLABLE_AUTOSCALING);
            Long initial = integer(p + "initial_replicas", a.get("initial_replicas"));
            long effectiveMax = max == null ? defaultMax : max;
            if (initial != null && (initial < effectiveMin || initial > effectiveMax)) {
                error(p + "initial_replicas", "must be between min_replicas (" + effectiveMin + ") and max_replicas ("
                        + effectiveMax + ") (got " + initial + ")");
            }
            aliasesWrittenOnce(p, a, Schema.AUTOSCALING_ALIASES);
        }
        // the autoscaler divides by the target, so zero is refused too
        for (String target : multi ? List.of("target_ongoing_requests", "target_num_ongoing_requests_per_replica")
                : List.of("target_num_ongoing_requests_per_replica")) {
            greaterThanZero(p + target, number(p + target, a.get(target)));
        }
        greaterThanZero(p + "metrics_interval_s", number(p + "metrics_interval_s", a.get("metrics_interval_s")));
        greaterThanZero(p + "look_back_period_s", number(p + "look_back_period_s", a.get("look_back_period_s")));
        for (String factor : multi ? List.of("smoothing_factor", "upscaling_factor", "downscaling_factor")
                : List.of("smoothing_factor")) {
            greaterThanZero(p + factor, number(p + factor, a.get(factor)));
        }
        atLeastZero(p + "upscale_delay_s", number(p + "upscale_delay_s", a.get("upscale_delay_s")));
        atLeastZero(p + "downscale_delay_s", number(p + "downscale_delay_s", a.get("downscale_delay_s")));
        if (multi) {
            atLeastZero(p + "downscale_to_zero_delay_s",
                    number(p + "downscale_to_zero_delay_s", a.get("downscale_to_zero_delay_s")));
            oneOf(p + "aggregation_function", a.get("aggregation_function"), AGGREGATION_FUNCTIONS);
            notActedOn("autoscaling_config.policy", p + "policy", a.get("policy"), () -> mapping(p + "policy", a.get("policy")));
        }
    }

    private void rayActorOptions(String prefix, Map<String, Object> o) {
        String p = prefix + ".";
        unknownFields(p, o, Schema.RAY_ACTOR_OPTIONS_FIELDS, "");
        runtimeEnv(p + "runtime_env", o.get("runtime_env"));
        for (String field : List.of("num_cpus", "num_gpus", "memory", "object_store_memory")) {
            atLeastZero(p + field, number(p + field, o.get(field)));
        }
        Map<String, Object> resources = mapping(p + "resources", o.get("resources"));
        if (resources != null) {
            resources.forEach((name, amount) -> {
                if (amount == null) {
                    error(p + "resources." + name, "must be a number (got null)");
                } else {
                    atLeastZero(p + "resources." + name, number(p + "resources." + name, amount));
                }
            });
        }
        string(p + "accelerator_type", o.get("accelerator_type"));
    }

    private void runtimeEnv(String prefix, Object value) {
        Map<String, Object> env = mapping(prefix, value);
        if (env == null) {
            return;
        }
        String p = prefix + ".";
        unknownFields(p, env, Schema.RUNTIME_ENV_FIELDS,
                "; the JVM runtime installs bundles: use working_dir, bundles or env_vars");
        uri(p + "working_dir", env.get("working_dir"));
        for (String field : List.of("bundles", "py_modules")) {
            List<?> uris = list(p + field, env.get(field));
            if (uris != null) {
                for (int i = 0; i < uris.size(); i++) {
                    if (uris.get(i) == null) {
                        error(p + field + "[" + i + "]", "must be a URI (got null)");
                    } else {
                        uri(p + field + "[" + i + "]", uris.get(i));
                    }
                }
            }
        }
        if (env.get("bundles") != null && env.get("py_modules") != null) {
            error(p + "py_modules", "is an alias of bundles; write only one of the two");
        }
        Map<String, Object> vars = mapping(p + "env_vars", env.get("env_vars"));
        if (vars != null) {
            vars.forEach((name, v) -> {
                if (v == null) {
                    error(p + "env_vars." + name, "must be a string (got null)");
                } else if (!(v instanceof String)) {
                    error(p + "env_vars." + name, "must be a string (got " + Values.describe(v) + "); quote it");
                }
            });
        }
    }

    private void uri(String path, Object value) {
        if (value == null || string(path, value) == null) {
            return;
        }
        String text = (String) value;
        Matcher m = SCHEME.matcher(text);
        // a single letter before ':' is a Windows drive, not a scheme
        if (!m.matches() || m.group(1).length() == 1) {
            error(path, "must be a URI with a scheme (" + SCHEMES + "); for a local path write "
                    + localUri(text) + " (got '" + text + "')");
            return;
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (!URI_SCHEMES.contains(scheme)) {
            error(path, "scheme '" + scheme + ":' is not supported; use " + SCHEMES + " (got '" + text + "')");
        } else if (m.group(2).isBlank()) {
            error(path, "must name a location after '" + scheme + ":' (got '" + text + "')");
        } else if (text.chars().anyMatch(Character::isWhitespace)) {
            error(path, "must not contain whitespace; encode a space as %20 (got '" + text + "')");
        }
    }

    private static String localUri(String text) {
        try {
            return "'" + java.nio.file.Path.of(text).toAbsolutePath().normalize().toUri() + "'";
        } catch (RuntimeException notAPath) {
            return "'file:' followed by its absolute path";
        }
    }

    private void unknownFields(String prefix, Map<String, Object> map, List<String> known, String hint) {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                unknownField(prefix, key, known, hint);
            }
        }
    }

    private void unknownField(String prefix, String key, List<String> known, String hint) {
        String guess = Suggestions.oneEditAway(key, known);
        if (guess != null) {
            error(prefix + key, "unknown field; did you mean '" + guess + "'?");
        } else {
            error(prefix + key, "unknown field (known: " + String.join(", ", known) + ")" + hint);
        }
    }

    /**
     * A field of current Ray's that the node does not act on: its type is checked, then a value that asks
     * for something is refused ({@link NotActedOn}); {@code null} means the default and asks for nothing.
     */
    private void notActedOn(String key, String path, Object value, Runnable typeCheck) {
        int before = errors.size();
        typeCheck.run();
        if (value != null && errors.size() == before) {
            NotActedOn.check(key, path, value, errors);
        }
    }

    /**
     * Multi-application form: a known field written as {@code null} where current Ray's schema takes none
     * is refused (its default is had by leaving it out), so that an accepted config is one Ray can read.
     */
    private void notNull(String prefix, Map<String, Object> map, List<String> known, List<String> nullable) {
        map.forEach((key, value) -> {
            if (value == null && known.contains(key) && !nullable.contains(key)) {
                error(prefix + key, "must not be null; leave it out for its default");
            }
        });
    }

    /** True when {@code value} is null or one of {@code allowed}; else reports it. */
    private boolean oneOf(String path, Object value, Set<String> allowed) {
        if (value == null) {
            return true;
        }
        if (string(path, value) == null) {
            return false;
        }
        if (!allowed.contains(value)) {
            error(path, "must be one of " + String.join(", ", new TreeSet<>(allowed)) + " (got '" + shorten((String) value) + "')");
            return false;
        }
        return true;
    }

    private void logLevel(String path, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Integer n) {
            if (!LOG_LEVEL_NUMBERS.contains(n)) {
                error(path, "must be a level name or one of 0, 10, 20, 30, 40, 50 (got " + n + ")");
            }
        } else {
            oneOf(path, value, LOG_LEVELS);
        }
    }

    private void bool(String path, Object value) {
        if (value != null && !(value instanceof Boolean)) {
            typeError(path, "true or false", value);
        }
    }

    private void strings(String path, Object value) {
        List<?> list = list(path, value);
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String)) {
                    typeError(path + "[" + i + "]", "a string", list.get(i));
                }
            }
        }
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    /** The value as a mapping, or null when absent/null or of another type (then reported). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> mapping(String path, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        typeError(path, "a mapping", value);
        return null;
    }

    private List<?> list(String path, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return list;
        }
        typeError(path, "a list", value);
        return null;
    }

    private String string(String path, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        typeError(path, "a string", value);
        return null;
    }

    private Long integer(String path, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long) {
            long n = ((Number) value).longValue();
            if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
                error(path, "must be an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE + " (got " + n + ")");
                return null;
            }
            return n;
        }
        typeError(path, "an integer", value);
        return null;
    }

    /** The number as written (so a message shows {@code 0}, not {@code 0.0}), or null. */
    private Number number(String path, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Double) {
            return (Number) value;
        }
        typeError(path, "a number", value);
        return null;
    }

    private void greaterThanZero(String path, Number value) {
        if (value != null && value.doubleValue() <= 0) {
            error(path, "must be > 0 (got " + Values.show(value) + ")");
        }
    }

    private void atLeastZero(String path, Number value) {
        if (value != null && value.doubleValue() < 0) {
            error(path, "must be >= 0 (got " + Values.show(value) + ")");
        }
    }

    private void typeError(String path, String expected, Object value) {
        error(path, "must be " + expected + " (got " + Values.describe(value) + ")");
    }

    private void error(String path, String message) {
        errors.add(new FieldError(path, message));
    }
}
