package io.osgiserve.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A deployment definition: a plain Java class plus the options the code sets as its defaults.
 * Option keys are the config file's field names ({@code num_replicas}, {@code route_prefix}, ...);
 * a config file's entry for this deployment overrides them field by field.
 *
 * <p>The class needs a public constructor whose parameters are, in order, the arguments given to
 * {@link #bind(Object...)} (a {@link BoundDeployment} arrives as a {@link DeploymentHandle}, a
 * {@link BoundMethod} as a {@link DeploymentMethod}), optionally followed by a {@link ReplicaContext}.
 * Optional methods: {@code reconfigure(Map<String,Object>)}, {@code checkHealth()}, {@code close()}.
 */
public final class Deployment {
    private final Class<?> type;
    private final String name;
    private final Map<String, Object> options;

    private Deployment(Class<?> type, String name, Map<String, Object> options) {
        this.type = type;
        this.name = name;
        this.options = Collections.unmodifiableMap(options);
    }

    /** A deployment of {@code type}, named after its simple class name. */
    public static Deployment of(Class<?> type) {
        Objects.requireNonNull(type, "type");
        return new Deployment(type, type.getSimpleName(), new LinkedHashMap<>());
    }

    public Deployment name(String newName) {
        Objects.requireNonNull(newName, "name");
        return new Deployment(type, newName, new LinkedHashMap<>(options));
    }

    /** Sets a default option, by its config field name; {@code null} is kept (for route_prefix: no route). */
    public Deployment option(String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(options);
        copy.put(field, value);
        return new Deployment(type, name, copy);
    }

    public Deployment numReplicas(int n) {
        return option("num_replicas", n);
    }

    /** The HTTP route; {@code null} makes the deployment unreachable over HTTP. */
    public Deployment routePrefix(String prefix) {
        return option("route_prefix", prefix);
    }

    public Deployment maxConcurrentQueries(int n) {
        return option("max_concurrent_queries", n);
    }

    public Deployment userConfig(Map<String, Object> userConfig) {
        return option("user_config", userConfig);
    }

    /** Binds constructor arguments, making a node of the application graph. */
    public BoundDeployment bind(Object... args) {
        return new BoundDeployment(this, args);
    }

    public Class<?> type() {
        return type;
    }

    public String name() {
        return name;
    }

    /** The defaults this code sets, keyed by config field name, in the order they were set. */
    public Map<String, Object> options() {
        return options;
    }

    @Override
    public String toString() {
        return "Deployment[" + name + " " + type.getName() + " " + options + "]";
    }
}
