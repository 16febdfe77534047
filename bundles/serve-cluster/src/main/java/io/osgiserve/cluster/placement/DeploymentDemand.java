package io.osgiserve.cluster.placement;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one deployment wants placed: its replica count, what each replica asks for, and at most how many
 * of its replicas one node may run (0: no limit). {@code name} is unique in a placement (for example
 * {@code app/deployment}).
 */
public record DeploymentDemand(String name, int replicas, Resources perReplica, int maxReplicasPerNode) {
    public DeploymentDemand {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(perReplica, "perReplica");
        if (replicas < 0 || maxReplicasPerNode < 0) {
            throw new IllegalArgumentException(name + ": replicas and max_replicas_per_node cannot be negative");
        }
    }

    /**
     * What a replica asks for from its {@code ray_actor_options} ({@code num_cpus}, {@code memory},
     * {@code resources}); absent or null options ask for nothing, so a replica asks for no CPUs unless
     * its options say so.
     */
    public static Resources fromActorOptions(Map<String, ?> rayActorOptions) {
        if (rayActorOptions == null) {
            return Resources.NONE;
        }
        double cpus = number(rayActorOptions.get("num_cpus"), "num_cpus");
        long memory = (long) number(rayActorOptions.get("memory"), "memory");
        Map<String, Double> custom = new TreeMap<>();
        if (rayActorOptions.get("resources") instanceof Map<?, ?> resources) {
            resources.forEach((name, amount) -> custom.put(String.valueOf(name), number(amount, "resources." + name)));
        }
        return new Resources(cpus, memory, custom);
    }

    private static double number(Object value, String field) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= 0) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("ray_actor_options." + field + " must be a number of at least 0, not " + value);
    }
}
