package io.osgiserve.config;

import io.osgiserve.config.impl.ConfigValidator;
import io.osgiserve.config.impl.Schema;
import io.osgiserve.config.impl.Values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One deployment's options as written, in a {@link ConfigForm}: only the fields written count (as overrides
 * of what the code sets), and a field written as {@code null} means "use the default". The typed getters
 * answer {@link Optional#empty()} for both; {@link #isWritten(String)} tells them apart, which matters for
 * {@code route_prefix: null} ("not reachable over HTTP"). In the multi-application form the getters read a
 * field under its current name or its Ray 2.0 alias ({@code max_concurrent_queries} for
 * {@code max_ongoing_requests}); {@link #effectiveOptions()} gives every option with its form's default.
 */
public final class DeploymentConfig {

    private final ConfigForm form;
    private final String name;
    private final Map<String, Object> written;
    /** {@link #written} with aliases under their current names. */
    private final Map<String, Object> canonical;

    private DeploymentConfig(ConfigForm form, String name, Map<String, Object> written) {
        this.form = form;
        this.name = name;
        this.written = written;
        this.canonical = Schema.canonical(form, written, Schema.DEPLOYMENT_ALIASES);
    }

    /**
     * Builds and validates one deployment's options from a map, as the code sets them (for example
     * {@code {num_replicas: 2, route_prefix: "/"}}), by the same rules as a config file; the paths of
     * the errors start with the deployment's name.
     */
    public static DeploymentConfig of(String name, Map<String, ?> fields) throws ConfigException {
        return of(ConfigForm.SINGLE_APP, name, fields);
    }

    /** {@link #of(String, Map)} by the rules (names, aliases, defaults) of {@code form}. */
    public static DeploymentConfig of(ConfigForm form, String name, Map<String, ?> fields) throws ConfigException {
        List<FieldError> errors = new ArrayList<>();
        String prefix = name == null || name.isBlank() ? "deployment" : name;
        if (name == null || name.isBlank()) {
            errors.add(new FieldError(prefix + ".name", "is required"));
        }
        Map<String, Object> options = new LinkedHashMap<>();
        if (fields != null) {
            fields.forEach((key, value) -> options.put(key, Values.fromJava(prefix + "." + key, value, errors)));
        }
        Object writtenName = options.remove("name");
        if (writtenName != null && !writtenName.equals(name)) {
            errors.add(new FieldError(prefix + ".name", "must be the deployment's name '" + name + "' (got "
                    + Values.describe(writtenName) + ")"));
        }
        ConfigValidator.validateDeploymentOptions(form, prefix, options, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new DeploymentConfig(form, name, Values.immutableMap(options));
    }

    /** From a validated entry of {@code deployments}, its {@code name} included. */
    static DeploymentConfig fromValidated(ConfigForm form, Map<String, Object> entry) {
        Map<String, Object> options = new LinkedHashMap<>(entry);
        String name = (String) options.remove("name");
        return new DeploymentConfig(form, name, Values.immutableMap(options));
    }

    /** A 2.0-form deployment with nothing written (every option from the code or the defaults). */
    public static DeploymentConfig unwritten(String name) {
        return unwritten(ConfigForm.SINGLE_APP, name);
    }

    /** A deployment of {@code form} with nothing written. */
    public static DeploymentConfig unwritten(ConfigForm form, String name) {
        return new DeploymentConfig(form, Objects.requireNonNull(name, "name"), Map.of());
    }

    /**
     * This deployment with every field that {@code overrides} wrote taking the place of this one's. As in
     * Ray, a written {@code autoscaling_config} makes the replica count the autoscaler's: it drops this
     * side's {@code num_replicas}, and a written {@code num_replicas} drops this side's autoscaling.
     */
    public DeploymentConfig withOverrides(DeploymentConfig overrides) {
        // aliases are merged under their current names, so a 2.0 name in the code and a current one in
        // the config (or the reverse) are one option; the form is the overriding side's
        Map<String, Object> merged = new LinkedHashMap<>(Schema.canonical(overrides.form, written, Schema.DEPLOYMENT_ALIASES));
        Map<String, Object> over = overrides.canonical;
        if (over.get("autoscaling_config") != null && !over.containsKey("num_replicas")) {
            merged.remove("num_replicas");
        }
        if (over.get("num_replicas") instanceof Number && !over.containsKey("autoscaling_config")) {
            merged.remove("autoscaling_config");
        }
        merged.putAll(over);
        return new DeploymentConfig(overrides.form, name, Values.immutableMap(merged));
    }

    public ConfigForm form() {
        return form;
    }

    public String name() {
        return name;
    }

    /** The fields as written, in the written order, {@code null}s kept, without {@code name}. */
    public Map<String, Object> written() {
        return written;
    }

    /** True when the field was written, even as {@code null}. */
    public boolean isWritten(String field) {
        return written.containsKey(field);
    }

    /** The fixed replica count; empty when not written, written as null, or {@code "auto"}. */
    public Optional<Integer> numReplicas() {
        return canonical.get("num_replicas") instanceof Number n ? Optional.of(n.intValue()) : Optional.empty();
    }

    /** True for {@code num_replicas: "auto"} (multi-application form): autoscaled, bounds 1..100 by default. */
    public boolean numReplicasAuto() {
        return "auto".equals(canonical.get("num_replicas"));
    }

    /** The deployment's own route (2.0 form; in the multi-application form the application has it). */
    public Optional<String> routePrefix() {
        return Optional.ofNullable((String) written.get("route_prefix"));
    }

    /** True when {@code route_prefix} was written, also as {@code null} (not reachable over HTTP). */
    public boolean routePrefixWritten() {
        return written.containsKey("route_prefix");
    }

    /**
     * How many requests a replica holds at once: {@code max_concurrent_queries} in the 2.0 form,
     * {@code max_ongoing_requests} (or its alias {@code max_concurrent_queries}) in the multi-application form.
     */
    public Optional<Integer> maxOngoingRequests() {
        String field = form == ConfigForm.SINGLE_APP ? "max_concurrent_queries" : "max_ongoing_requests";
        return Optional.ofNullable(canonical.get(field)).map(Values::toInt);
    }

    /** The same as {@link #maxOngoingRequests()}, by its Ray 2.0 name. */
    public Optional<Integer> maxConcurrentQueries() {
        return maxOngoingRequests();
    }

    /** {@link #maxOngoingRequests()} or the form's default (100 in the 2.0 form, 5 in the multi-application form). */
    public int effectiveMaxOngoingRequests() {
        return maxOngoingRequests().orElse(form == ConfigForm.SINGLE_APP
                ? Defaults.MAX_CONCURRENT_QUERIES : Defaults.MULTI_APP_MAX_ONGOING_REQUESTS);
    }

    /** The share of the target replaced at a time in a rolling update (multi-application form; default 0.2). */
    public double rollingUpdatePercentage() {
        return Values.doubleOr(canonical.get("rolling_update_percentage"), Defaults.MULTI_APP_ROLLING_UPDATE_PERCENTAGE);
    }

    /**
     * How many requests may wait for a replica (in the 2.0 form too, beyond Ray 2.0: Ray 2.10's field); past
     * it the ingress answers 503. Empty, or -1 (Ray's "no limit"), means the node's limit
     * (serve.max_queued_requests): a queue is never unbounded here.
     */
    public Optional<Integer> maxQueuedRequests() {
        return Optional.ofNullable(canonical.get("max_queued_requests")).map(Values::toInt).filter(n -> n > 0);
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> userConfig() {
        return Optional.ofNullable((Map<String, Object>) written.get("user_config"));
    }

    /** The autoscaling, also for {@code num_replicas: "auto"} without an autoscaling_config (then 1..100). */
    @SuppressWarnings("unchecked")
    public Optional<AutoscalingConfig> autoscalingConfig() {
        Map<String, Object> map = (Map<String, Object>) canonical.get("autoscaling_config");
        if (map == null && !numReplicasAuto()) {
            return Optional.empty();
        }
        return Optional.of(AutoscalingConfig.fromValidated(form, map == null ? Map.of() : map, numReplicasAuto()));
    }

    public Optional<Double> gracefulShutdownWaitLoopS() {
        return Optional.ofNullable(canonical.get("graceful_shutdown_wait_loop_s")).map(Values::toDouble);
    }

    public Optional<Double> gracefulShutdownTimeoutS() {
        return Optional.ofNullable(canonical.get("graceful_shutdown_timeout_s")).map(Values::toDouble);
    }

    public Optional<Double> healthCheckPeriodS() {
        return Optional.ofNullable(canonical.get("health_check_period_s")).map(Values::toDouble);
    }

    public Optional<Double> healthCheckTimeoutS() {
        return Optional.ofNullable(canonical.get("health_check_timeout_s")).map(Values::toDouble);
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> rayActorOptions() {
        return Optional.ofNullable((Map<String, Object>) written.get("ray_actor_options"));
    }

    /**
     * Every option of the form under its current name, with the form's default where nothing is written:
     * what the deployment runs with. Two configs that differ only in restating a default, or in the
     * spelling of a number or an alias, have the same effective options.
     */
    public Map<String, Object> effectiveOptions() {
        Map<String, Object> e = new LinkedHashMap<>();
        Optional<AutoscalingConfig> autoscaling = autoscalingConfig();
        if (form == ConfigForm.SINGLE_APP) {
            e.put("num_replicas", autoscaling.isPresent() ? null : numReplicas().orElse(Defaults.NUM_REPLICAS));
            e.put("route_prefix", written.get("route_prefix"));
            e.put("max_concurrent_queries", effectiveMaxOngoingRequests());
        } else {
            e.put("num_replicas", numReplicasAuto() ? "auto"
                    : autoscaling.isPresent() ? null : numReplicas().orElse(Defaults.NUM_REPLICAS));
            e.put("max_ongoing_requests", effectiveMaxOngoingRequests());
        }
        e.put("max_queued_requests", Values.intOr(canonical.get("max_queued_requests"), Defaults.MAX_QUEUED_REQUESTS));
        e.put("user_config", canonical.get("user_config"));
        e.put("autoscaling_config", autoscaling.map(AutoscalingConfig::effective).orElse(null));
        e.put("graceful_shutdown_wait_loop_s", gracefulShutdownWaitLoopS().orElse(Defaults.GRACEFUL_SHUTDOWN_WAIT_LOOP_S));
        e.put("graceful_shutdown_timeout_s", gracefulShutdownTimeoutS().orElse(Defaults.GRACEFUL_SHUTDOWN_TIMEOUT_S));
        e.put("health_check_period_s", healthCheckPeriodS().orElse(Defaults.HEALTH_CHECK_PERIOD_S));
        e.put("health_check_timeout_s", healthCheckTimeoutS().orElse(Defaults.HEALTH_CHECK_TIMEOUT_S));
        Object actorOptions = canonical.get("ray_actor_options");
        e.put("ray_actor_options", actorOptions instanceof Map<?, ?> m && m.isEmpty() ? null : actorOptions);
        if (form == ConfigForm.MULTI_APP) {
            e.put("rolling_update_percentage", rollingUpdatePercentage());
            for (String notActedOn : List.of("placement_group_bundles", "placement_group_strategy",
                    "max_replicas_per_node", "logging_config", "request_router_config")) {
                e.put(notActedOn, canonical.get(notActedOn));
            }
        }
        return e;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeploymentConfig d && form == d.form && name.equals(d.name) && written.equals(d.written);
    }

    @Override
    public int hashCode() {
        return Objects.hash(form, name, written);
    }

    @Override
    public String toString() {
        return "DeploymentConfig[" + form + " " + name + " " + written + "]";
    }
}
