package io.osgiserve.config.impl;

import io.osgiserve.config.Defaults;
import io.osgiserve.config.FieldError;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of the application config (Ray Serve's {@code ServeApplicationSchema}). Every problem is
 * reported, each with the path of its field and a reason a user can act on; nothing stops at the first.
 */
public final class ConfigValidator {

    public static final List<String> APP_FIELDS = List.of("import_path", "runtime_env", "host", "port", "deployments");
    public static final List<String> RUNTIME_ENV_FIELDS = List.of("working_dir", "bundles", "py_modules", "env_vars");
    public static final List<String> DEPLOYMENT_OPTIONS = List.of("num_replicas", "route_prefix",
            "max_concurrent_queries", "max_queued_requests", "user_config", "autoscaling_config", "graceful_shutdown_wait_loop_s",
            "graceful_shutdown_timeout_s", "health_check_period_s", "health_check_timeout_s", "ray_actor_options");
    public static final List<String> DEPLOYMENT_FIELDS = concat("name", DEPLOYMENT_OPTIONS);
    public static final List<String> AUTOSCALING_FIELDS = List.of("min_replicas", "max_replicas",
            "target_num_ongoing_requests_per_replica", "metrics_interval_s", "look_back_period_s",
            "smoothing_factor", "upscale_delay_s", "downscale_delay_s");
    public static final List<String> RAY_ACTOR_OPTIONS_FIELDS = List.of("runtime_env", "num_cpus", "num_gpus",
            "memory", "object_store_memory", "resources", "accelerator_type");
    public static final Set<String> URI_SCHEMES = Set.of("file", "http", "https", "mvn");

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):(.*)$", Pattern.DOTALL);
    private static final String SCHEMES = "file:, http:, https: or mvn:";

    private final List<FieldError> errors;

    private ConfigValidator(List<FieldError> errors) {
        this.errors = errors;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return List.copyOf(all);
    }

    /** Checks a whole document, adding its problems to {@code errors}. */
    public static void validateApp(Map<String, Object> doc, List<FieldError> errors) {
        new ConfigValidator(errors).app(doc);
    }

    /** Checks one deployment's options (without {@code name}); paths start with {@code prefix}. */
    public static void validateDeploymentOptions(String prefix, Map<String, Object> options, List<FieldError> errors) {
        new ConfigValidator(errors).deploymentOptions(prefix, options);
    }

    private void app(Map<String, Object> doc) {
        unknownFields("", doc, APP_FIELDS, "");
        Object importPath = doc.get("import_path");
        if (importPath == null) {
            error("import_path", "is required (for example 'fruit:deployment_graph')");
        } else if (string("import_path", importPath) != null) {
            String problem = ImportPaths.problem((String) importPath);
            if (problem != null) {
                error("import_path", problem);
            }
        }
        runtimeEnv("runtime_env", doc.get("runtime_env"));
        Object host = doc.get("host");
        if (host != null && string("host", host) != null && ((String) host).isBlank()) {
            error("host", "must not be empty (got \"" + host + "\")");
        }
        Long port = integer("port", doc.get("port"));
        if (port != null && (port < 1 || port > 65535)) {
            error("port", "must be between 1 and 65535 (got " + port + ")");
        }
        deployments(doc.get("deployments"));
    }

    private void deployments(Object value) {
        List<?> list = list("deployments", value);
        if (list == null) {
            return;
        }
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "deployments[" + i + "]";
            Map<String, Object> entry = mapping(path, list.get(i));
            if (list.get(i) == null) {
                error(path, "must be a mapping with at least a name (got null)");
            }
            if (entry == null) {
                continue;
            }
            unknownFields(path + ".", entry, DEPLOYMENT_FIELDS, "");
            Object name = entry.get("name");
            if (name == null) {
                error(path + ".name", "is required");
            } else if (string(path + ".name", name) != null) {
                String text = (String) name;
                if (text.isBlank()) {
                    error(path + ".name", "must not be empty");
                } else if (firstIndex.containsKey(text)) {
                    error(path + ".name", "duplicate deployment name '" + text + "' (also deployments["
                            + firstIndex.get(text) + "]); list each deployment once");
                } else {
                    firstIndex.put(text, i);
                }
            }
            options(path, entry);
        }
    }

    private void deploymentOptions(String prefix, Map<String, Object> options) {
        unknownFields(prefix + ".", options, DEPLOYMENT_OPTIONS, "");
        options(prefix, options);
    }

    private void options(String prefix, Map<String, Object> d) {
        String p = prefix + ".";
        Long numReplicas = integer(p + "num_replicas", d.get("num_replicas"));
        if (numReplicas != null) {
            greaterThanZero(p + "num_replicas", numReplicas);
        }
        routePrefix(p + "route_prefix", d.get("route_prefix"));
        Long maxQueries = integer(p + "max_concurrent_queries", d.get("max_concurrent_queries"));
        if (maxQueries != null) {
            greaterThanZero(p + "max_concurrent_queries", maxQueries);
        }
        Long maxQueued = integer(p + "max_queued_requests", d.get("max_queued_requests"));
        if (maxQueued != null && maxQueued != -1 && maxQueued <= 0) {
            error(p + "max_queued_requests", "must be > 0, or -1 for the node's limit (got " + maxQueued + ")");
        }
        mapping(p + "user_config", d.get("user_config"));
        Map<String, Object> autoscaling = mapping(p + "autoscaling_config", d.get("autoscaling_config"));
        if (autoscaling != null) {
            autoscaling(p + "autoscaling_config", autoscaling);
        }
        if (d.get("num_replicas") != null && d.get("autoscaling_config") != null) {
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

    private void routePrefix(String path, Object value) {
        if (value == null || string(path, value) == null) {
            return;
        }
        String route = (String) value;
        if (!route.startsWith("/")) {
            error(path, "must start with '/' (got '" + route + "')");
        } else if (route.length() > 1 && route.endsWith("/")) {
            error(path, "must not end with '/' unless it is exactly '/' (got '" + route + "')");
        }
        if (route.contains("{") || route.contains("}")) {
            error(path, "must not contain '{' or '}' (got '" + route + "')");
        }
    }

    private void autoscaling(String prefix, Map<String, Object> a) {
        String p = prefix + ".";
        unknownFields(p, a, AUTOSCALING_FIELDS, "");
        Long min = integer(p + "min_replicas", a.get("min_replicas"));
        atLeastZero(p + "min_replicas", min);
        Long max = integer(p + "max_replicas", a.get("max_replicas"));
        greaterThanZero(p + "max_replicas", max);
        long effectiveMin = min == null ? Defaults.MIN_REPLICAS : min;
        if (max != null && max > 0 && max < effectiveMin) {
            error(p + "max_replicas", "must be >= min_replicas (" + effectiveMin + ") (got " + max + ")");
        } else if (max == null && a.get("max_replicas") == null && min != null && min > Defaults.MAX_REPLICAS) {
            error(p + "max_replicas", "must be >= min_replicas (" + min + "); it defaults to "
                    + Defaults.MAX_REPLICAS + ", so write it");
        }
        // the autoscaler divides by the target, so zero is refused too
        greaterThanZero(p + "target_num_ongoing_requests_per_replica",
                number(p + "target_num_ongoing_requests_per_replica", a.get("target_num_ongoing_requests_per_replica")));
        greaterThanZero(p + "metrics_interval_s", number(p + "metrics_interval_s", a.get("metrics_interval_s")));
        greaterThanZero(p + "look_back_period_s", number(p + "look_back_period_s", a.get("look_back_period_s")));
        greaterThanZero(p + "smoothing_factor", number(p + "smoothing_factor", a.get("smoothing_factor")));
        atLeastZero(p + "upscale_delay_s", number(p + "upscale_delay_s", a.get("upscale_delay_s")));
        atLeastZero(p + "downscale_delay_s", number(p + "downscale_delay_s", a.get("downscale_delay_s")));
    }

    private void rayActorOptions(String prefix, Map<String, Object> o) {
        String p = prefix + ".";
        unknownFields(p, o, RAY_ACTOR_OPTIONS_FIELDS, "");
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
        unknownFields(p, env, RUNTIME_ENV_FIELDS,
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
            if (known.contains(key)) {
                continue;
            }
            String guess = Suggestions.oneEditAway(key, known);
            if (guess != null) {
                error(prefix + key, "unknown field; did you mean '" + guess + "'?");
            } else {
                error(prefix + key, "unknown field (known: " + String.join(", ", known) + ")" + hint);
            }
        }
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
