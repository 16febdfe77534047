package io.osgiserve.config;

import io.osgiserve.config.impl.ConfigValidator;
import io.osgiserve.config.impl.Values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One deployment's options as written: only the fields written count (as overrides of what the code
 * sets), and a field written as {@code null} means "use the default". The typed getters answer
 * {@link Optional#empty()} for both; {@link #isWritten(String)} tells them apart, which matters for
 * {@code route_prefix: null} ("not reachable over HTTP").
 */
public final class DeploymentConfig {

    private final String name;
    private final Map<String, Object> written;

    private DeploymentConfig(String name, Map<String, Object> written) {
        this.name = name;
        this.written = written;
    }

    /**
     * Builds and validates one deployment's options from a map, as the code sets them (for example
     * {@code {num_replicas: 2, route_prefix: "/"}}), by the same rules as a config file; the paths of
     * the errors start with the deployment's name.
     */
    public static DeploymentConfig of(String name, Map<String, ?> fields) throws ConfigException {
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
        ConfigValidator.validateDeploymentOptions(prefix, options, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new DeploymentConfig(name, Values.immutableMap(options));
    }

    /** From a validated entry of {@code deployments}, its {@code name} included. */
    static DeploymentConfig fromValidated(Map<String, Object> entry) {
        Map<String, Object> options = new LinkedHashMap<>(entry);
        String name = (String) options.remove("name");
        return new DeploymentConfig(name, Values.immutableMap(options));
    }

    /** A deployment with nothing written (every option from the code or the defaults). */
    public static DeploymentConfig unwritten(String name) {
        return new DeploymentConfig(Objects.requireNonNull(name, "name"), Map.of());
    }

    /**
     * This deployment with every field that {@code overrides} wrote taking the place of this one's. As in
     * Ray, a written {@code autoscaling_config} makes the replica count the autoscaler's: it drops this
     * side's {@code num_replicas}, and a written {@code num_replicas} drops this side's autoscaling.
     */
    public DeploymentConfig withOverrides(DeploymentConfig overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(written);
        if (overrides.written.get("autoscaling_config") != null && !overrides.written.containsKey("num_replicas")) {
            merged.remove("num_replicas");
        }
        if (overrides.written.get("num_replicas") != null && !overrides.written.containsKey("autoscaling_config")) {
            merged.remove("autoscaling_config");
        }
        merged.putAll(overrides.written);
        return new DeploymentConfig(name, Values.immutableMap(merged));
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

    public Optional<Integer> numReplicas() {
        return Optional.ofNullable(written.get("num_replicas")).map(Values::toInt);
    }

    public Optional<String> routePrefix() {
        return Optional.ofNullable((String) written.get("route_prefix"));
    }

    /** True when {@code route_prefix} was written, also as {@code null} (not reachable over HTTP). */
    public boolean routePrefixWritten() {
        return written.containsKey("route_prefix");
    }

    public Optional<Integer> maxConcurrentQueries() {
        return Optional.ofNullable(written.get("max_concurrent_queries")).map(Values::toInt);
    }

    /**
     * How many requests may wait for a replica (beyond Ray 2.0: Ray 2.10's field); past it the ingress
     * answers 503. Empty, or -1, means the node's limit (serve.max_queued_requests).
     */
    public Optional<Integer> maxQueuedRequests() {
        return Optional.ofNullable(written.get("max_queued_requests")).map(Values::toInt).filter(n -> n > 0);
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> userConfig() {
        return Optional.ofNullable((Map<String, Object>) written.get("user_config"));
    }

    @SuppressWarnings("unchecked")
    public Optional<AutoscalingConfig> autoscalingConfig() {
        return Optional.ofNullable((Map<String, Object>) written.get("autoscaling_config"))
                .map(AutoscalingConfig::fromValidated);
    }

    public Optional<Double> gracefulShutdownWaitLoopS() {
        return Optional.ofNullable(written.get("graceful_shutdown_wait_loop_s")).map(Values::toDouble);
    }

    public Optional<Double> gracefulShutdownTimeoutS() {
        return Optional.ofNullable(written.get("graceful_shutdown_timeout_s")).map(Values::toDouble);
    }

    public Optional<Double> healthCheckPeriodS() {
        return Optional.ofNullable(written.get("health_check_period_s")).map(Values::toDouble);
    }

    public Optional<Double> healthCheckTimeoutS() {
        return Optional.ofNullable(written.get("health_check_timeout_s")).map(Values::toDouble);
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> rayActorOptions() {
        return Optional.ofNullable((Map<String, Object>) written.get("ray_actor_options"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeploymentConfig d && name.equals(d.name) && written.equals(d.written);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, written);
    }

    @Override
    public String toString() {
        return "DeploymentConfig[" + name + " " + written + "]";
    }
}
