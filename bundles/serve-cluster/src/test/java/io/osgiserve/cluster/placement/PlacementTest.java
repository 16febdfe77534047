package io.osgiserve.cluster.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementTest {
    private static final Resources TWO_CPUS = new Resources(2, 1L << 30, Map.of());
    private static final List<NodeCapacity> THREE = List.of(new NodeCapacity("a", TWO_CPUS),
            new NodeCapacity("b", TWO_CPUS), new NodeCapacity("c", TWO_CPUS));

    private static DeploymentDemand demand(String name, int replicas, Map<String, ?> actorOptions, int maxPerNode) {
        return new DeploymentDemand(name, replicas, DeploymentDemand.fromActorOptions(actorOptions), maxPerNode);
    }

    @Test
    void replicasSpreadOverTheNodesWithTheFewestFirst() {
        Placement.Result r = Placement.place(THREE, List.of(demand("Mango", 3, Map.of(), 0), demand("Pear", 4, Map.of(), 0)), Map.of());
        assertThat(r.replicas().get("Mango")).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 1, "c", 1));
        assertThat(r.replicas().get("Pear").values()).containsExactlyInAnyOrder(2, 1, 1);
        assertThat(r.pending()).isEmpty();
    }

    @Test
    void aReplicaAsksForNoCpusUnlessItsOptionsSaySo() {
        List<NodeCapacity> noCpus = List.of(new NodeCapacity("a", new Resources(0, 0, Map.of())));
        Placement.Result r = Placement.place(noCpus, List.of(demand("FruitStand", 5, null, 0)), Map.of());
        assertThat(r.replicasOn("FruitStand", "a")).isEqualTo(5);
        assertThat(r.pending()).isEmpty();
    }

    @Test
    void numCpusIsHonouredAgainstEachNodesDeclaredCpus() {
        Placement.Result r = Placement.place(THREE, List.of(demand("Heavy", 4, Map.of("num_cpus", 1.5), 0)), Map.of());
        assertThat(r.replicas().get("Heavy").values()).containsOnly(1);
        assertThat(r.pending().get("Heavy")).startsWith("1 replica(s) of 'Heavy' pending: each asks for {CPU: 1.5}")
                .contains("nodes have left: a {CPU: 0.5, memory: 1073741824}");
    }

    @Test
    void aReplicaThatFitsNowhereIsPendingSayingWhatItNeedsAndWhatIsLeft() {
        Placement.Result r = Placement.place(THREE, List.of(demand("Big", 1, Map.of("num_cpus", 4), 0)), Map.of());
        assertThat(r.replicas().get("Big")).isEmpty();
        assertThat(r.pending().get("Big")).isEqualTo("1 replica(s) of 'Big' pending: each asks for {CPU: 4}; nodes have left: "
                + "a {CPU: 2, memory: 1073741824}, b {CPU: 2, memory: 1073741824}, c {CPU: 2, memory: 1073741824}");
    }

    @Test
    void memoryIsHonoured() {
        Placement.Result r = Placement.place(THREE, List.of(demand("Hungry", 3, Map.of("memory", 600L << 20), 0)),
                Map.of());
        assertThat(r.replicas().get("Hungry")).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 1, "c", 1));
        Placement.Result more = Placement.place(THREE, List.of(demand("Hungry", 4, Map.of("memory", 600L << 20), 0)), Map.of());
        assertThat(more.pending().get("Hungry")).contains("memory: 629145600");
    }

    @Test
    void customResourcesGoOnlyToNodesThatDeclareThem() {
        List<NodeCapacity> nodes = List.of(new NodeCapacity("a", TWO_CPUS),
                new NodeCapacity("gpu", new Resources(2, 1L << 30, Map.of("GPU", 2.0))));
        Placement.Result r = Placement.place(nodes, List.of(demand("Vision", 3, Map.of("resources", Map.of("GPU", 1)), 0)), Map.of());
        assertThat(r.replicas().get("Vision")).containsExactlyEntriesOf(Map.of("gpu", 2));
        assertThat(r.pending().get("Vision")).contains("each asks for {CPU: 0, GPU: 1}").contains("gpu {CPU: 2, memory: 1073741824, GPU: 0}");
    }

    @Test
    void maxReplicasPerNodeIsAHardCap() {
        Placement.Result r = Placement.place(THREE, List.of(demand("Capped", 4, Map.of(), 1)), Map.of());
        assertThat(r.replicas().get("Capped")).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 1, "c", 1));
        assertThat(r.pending().get("Capped")).endsWith("max_replicas_per_node 1 reached on: a, b, c");
    }

    @Test
    void runningReplicasStayWhereTheyAre() {
        Placement.Result r = Placement.place(THREE, List.of(demand("Mango", 3, Map.of(), 0)), Map.of("Mango", Map.of("c", 2)));
        assertThat(r.replicas().get("Mango")).containsExactlyInAnyOrderEntriesOf(Map.of("c", 2, "a", 1));
    }

    @Test
    void replicasOfALostNodeArePlacedOnTheOthers() {
        List<NodeCapacity> survivors = THREE.subList(0, 2);
        Placement.Result r = Placement.place(survivors, List.of(demand("Mango", 3, Map.of(), 0)),
                Map.of("Mango", Map.of("a", 1, "b", 1, "c", 1)));
        assertThat(r.replicas().get("Mango").values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
        assertThat(r.replicas().get("Mango")).doesNotContainKey("c");
    }

    @Test
    void scalingDownEmptiesTheNodeWithTheFewestReplicasFirst() {
        Placement.Result r = Placement.place(THREE, List.of(demand("Mango", 3, Map.of(), 0), demand("Pear", 1, Map.of(), 0)),
                Map.of("Mango", Map.of("a", 2, "b", 1, "c", 1), "Pear", Map.of("c", 1)));
        assertThat(r.replicas().get("Mango")).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "c", 1));
    }

    @Test
    void aNodeWithExtraReplicasBeyondACapKeepsOnlyTheCap() {
        Placement.Result r = Placement.place(THREE, List.of(demand("Capped", 3, Map.of(), 1)), Map.of("Capped", Map.of("a", 3)));
        assertThat(r.replicas().get("Capped")).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 1, "c", 1));
    }

    @Test
    void actorOptionsThatAreNotNonNegativeNumbersAreRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeploymentDemand.fromActorOptions(Map.of("num_cpus", -1)));
        assertThat(e.getMessage()).isEqualTo("ray_actor_options.num_cpus must be a number of at least 0, not -1");
        assertThrows(IllegalArgumentException.class, () -> DeploymentDemand.fromActorOptions(Map.of("resources", Map.of("GPU", "x"))));
    }
}
