package io.osgiserve.cluster.placement;

import java.util.Map;
import java.util.TreeMap;

/**
 * An amount of CPUs, memory (bytes) and named custom resources: what a node offers, what a replica asks
 * for, or what is left.
 */
public record Resources(double cpus, long memory, Map<String, Double> custom) {
    public static final Resources NONE = new Resources(0, 0, Map.of());

    public Resources {
        if (cpus < 0 || memory < 0 || !Double.isFinite(cpus)) {
            throw new IllegalArgumentException("CPUs and memory cannot be negative");
        }
        custom = Map.copyOf(new TreeMap<>(custom));
        custom.forEach((name, amount) -> {
            if (amount == null || amount < 0 || !Double.isFinite(amount)) {
                throw new IllegalArgumentException("resource '" + name + "' must be a number of at least 0");
            }
        });
    }

    /** Whether {@code demand} fits in this; a custom resource not offered here counts as 0. */
    public boolean covers(Resources demand) {
        if (demand.cpus > cpus || demand.memory > memory) {
            return false;
        }
        for (Map.Entry<String, Double> e : demand.custom.entrySet()) {
            if (e.getValue() > custom.getOrDefault(e.getKey(), 0.0)) {
                return false;
            }
        }
        return true;
    }

    public Resources minus(Resources used) {
        Map<String, Double> left = new TreeMap<>(custom);
        used.custom.forEach((name, amount) -> left.merge(name, -amount, Double::sum));
        left.replaceAll((name, amount) -> Math.max(0, amount));
        return new Resources(Math.max(0, cpus - used.cpus), Math.max(0, memory - used.memory), left);
    }

    /** For messages: {@code CPU: 2, memory: 1073741824, GPU: 1}; parts that are 0 are left out. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{CPU: ").append(format(cpus));
        if (memory > 0) {
            text.append(", memory: ").append(memory);
        }
        custom.forEach((name, amount) -> text.append(", ").append(name).append(": ").append(format(amount)));
        return text.append('}').toString();
    }

    private static String format(double amount) {
        return amount == Math.rint(amount) ? Long.toString((long) amount) : Double.toString(amount);
    }
}
