package io.osgiserve.cluster.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Places replicas on nodes. Replicas already running stay where they are while they are wanted and fit;
 * new ones go, one at a time, to the node with the fewest replicas of their deployment (then the fewest
 * replicas overall, then the lowest node id) among the nodes that have the resources left and are under
 * the deployment's {@code max_replicas_per_node}. Scaling down empties the node with the fewest replicas
 * first. A replica that fits nowhere is pending, with a message saying what it asks for and what each
 * node has left.
 */
public final class Placement {

    /**
     * Replicas per deployment per node (only nodes with at least one), and for each deployment with
     * replicas left unplaced, the message saying why.
     */
    public record Result(Map<String, Map<String, Integer>> replicas, Map<String, String> pending) {
        public int replicasOn(String deployment, String nodeId) {
            return replicas.getOrDefault(deployment, Map.of()).getOrDefault(nodeId, 0);
        }
    }

    private Placement() {
    }

    /**
     * @param nodes the live nodes
     * @param deployments what is wanted, placed in this order
     * @param current replicas per deployment per node now (nodes not in {@code nodes} are gone)
     */
    public static Result place(List<NodeCapacity> nodes, List<DeploymentDemand> deployments,
                               Map<String, Map<String, Integer>> current) {
        Map<String, Resources> left = new LinkedHashMap<>();
        Map<String, Integer> total = new HashMap<>();
        for (NodeCapacity node : nodes) {
            left.put(node.nodeId(), node.offered());
            total.put(node.nodeId(), 0);
        }
        Map<String, Map<String, Integer>> placed = new LinkedHashMap<>();
        for (DeploymentDemand d : deployments) {
            Map<String, Integer> counts = new TreeMap<>();
            placed.put(d.name(), counts);
            current.getOrDefault(d.name(), Map.of()).forEach((nodeId, n) -> {
                for (int i = 0; i < n && left.containsKey(nodeId) && fits(d, nodeId, counts, left); i++) {
                    add(d, nodeId, counts, left, total);
                }
            });
        }
        for (DeploymentDemand d : deployments) {
            Map<String, Integer> counts = placed.get(d.name());
            while (sum(counts) > d.replicas()) {
                String emptiest = counts.keySet().stream()
                        .min(Comparator.comparing((String id) -> total.get(id)).thenComparing(Comparator.reverseOrder()))
                        .orElseThrow();
                remove(d, emptiest, counts, left, total);
            }
        }
        Map<String, String> pending = new LinkedHashMap<>();
        for (DeploymentDemand d : deployments) {
            Map<String, Integer> counts = placed.get(d.name());
            while (sum(counts) < d.replicas()) {
                String best = left.keySet().stream()
                        .filter(id -> fits(d, id, counts, left))
                        .min(Comparator.comparing((String id) -> counts.getOrDefault(id, 0))
                                .thenComparing(total::get).thenComparing(Comparator.naturalOrder()))
                        .orElse(null);
                if (best == null) {
                    pending.put(d.name(), why(d, d.replicas() - sum(counts), counts, left));
                    break;
                }
                add(d, best, counts, left, total);
            }
        }
        placed.values().forEach(counts -> counts.values().removeIf(n -> n == 0));
        return new Result(placed, pending);
    }

    private static boolean fits(DeploymentDemand d, String nodeId, Map<String, Integer> counts, Map<String, Resources> left) {
        boolean underCap = d.maxReplicasPerNode() == 0 || counts.getOrDefault(nodeId, 0) < d.maxReplicasPerNode();
        return underCap && left.get(nodeId).covers(d.perReplica());
    }

    private static void add(DeploymentDemand d, String nodeId, Map<String, Integer> counts,
                            Map<String, Resources> left, Map<String, Integer> total) {
        counts.merge(nodeId, 1, Integer::sum);
        total.merge(nodeId, 1, Integer::sum);
        left.put(nodeId, left.get(nodeId).minus(d.perReplica()));
    }

    private static void remove(DeploymentDemand d, String nodeId, Map<String, Integer> counts,
                               Map<String, Resources> left, Map<String, Integer> total) {
        counts.merge(nodeId, -1, Integer::sum);
        counts.remove(nodeId, 0);
        total.merge(nodeId, -1, Integer::sum);
        Resources r = left.get(nodeId);
        Map<String, Double> custom = new TreeMap<>(r.custom());
        d.perReplica().custom().forEach((name, amount) -> custom.merge(name, amount, Double::sum));
        left.put(nodeId, new Resources(r.cpus() + d.perReplica().cpus(), r.memory() + d.perReplica().memory(), custom));
    }

    private static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String why(DeploymentDemand d, int unplaced, Map<String, Integer> counts, Map<String, Resources> left) {
        if (left.isEmpty()) {
            return unplaced + " replica(s) of '" + d.name() + "' pending: no node is available";
        }
        List<String> full = new ArrayList<>();
        List<String> remaining = new ArrayList<>();
        left.forEach((id, r) -> {
            if (d.maxReplicasPerNode() > 0 && counts.getOrDefault(id, 0) >= d.maxReplicasPerNode()) {
                full.add(id);
            } else {
                remaining.add(id + " " + r);
            }
        });
        StringBuilder text = new StringBuilder().append(unplaced).append(" replica(s) of '").append(d.name())
                .append("' pending: each asks for ").append(d.perReplica());
        if (!remaining.isEmpty()) {
            text.append("; nodes have left: ").append(String.join(", ", remaining));
        }
        if (!full.isEmpty()) {
            text.append("; max_replicas_per_node ").append(d.maxReplicasPerNode()).append(" reached on: ")
                    .append(String.join(", ", full));
        }
        return text.toString();
    }
}
