package io.osgiserve.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.osgiserve.cluster.placement.DeploymentDemand;
import io.osgiserve.cluster.placement.NodeCapacity;
import io.osgiserve.cluster.placement.Placement;
import io.osgiserve.cluster.placement.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterControlTest {

    @Test
    void assignmentsKeepEachNodesSharePerApplicationAndDeploymentAcrossAWrite() {
        Placement.Result placed = Placement.place(
                List.of(new NodeCapacity("a", new Resources(2, 0, Map.of())), new NodeCapacity("b", new Resources(2, 0, Map.of()))),
                List.of(new DeploymentDemand("default/Mango", 3, Resources.NONE, 0),
                        new DeploymentDemand("default/Big", 1, new Resources(4, 0, Map.of()), 0)),
                Map.of());
        ClusterControl.Assignments written = ClusterControl.Assignments.of(placed);

        ClusterControl.Assignments read = ClusterControl.Assignments.parse(written.toJson());

        assertThat(read).isEqualTo(written);
        assertThat(read.sharesOf("a").get("default").get("Mango") + read.sharesOf("b").get("default").get("Mango")).isEqualTo(3);
        assertThat(read.sharesOf("c")).isEmpty();
        assertThat(read.pending().get("default/Big")).startsWith("1 replica(s) of 'default/Big' pending: each asks for {CPU: 4}");
        assertThat(read.byDeployment().get("default/Mango")).containsOnlyKeys("a", "b");
    }

    @Test
    void demandsComeFromTheEffectiveConfigInANodesDetails() {
        Map<String, Object> details = Map.of("applications", Map.of("default", Map.of("deployments", Map.of(
                "Pear", Map.of("deployment_config", Map.of("num_replicas", 2, "ray_actor_options", Map.of("num_cpus", 4),
                        "max_replicas_per_node", 1)),
                "Auto", Map.of("deployment_config", Map.of("num_replicas", "auto", "autoscaling_config", Map.of("min_replicas", 3)))))));

        Map<String, ClusterControl.Demand> demands = ClusterControl.Demand.of(details);

        assertThat(demands.get("default/Pear")).isEqualTo(new ClusterControl.Demand(2, new Resources(4, 0, Map.of()), 1));
        assertThat(demands.get("default/Auto").replicas()).isEqualTo(3);
    }

    @Test
    void detailsMergeEveryNodesReplicasAndProxiesAndShowTheWorstStatusWithItsNode() {
        Map<String, Object> a = details("a", "HEALTHY", "RUNNING", List.of(replica("a", "Mango#1")));
        Map<String, Object> b = details("b", "UNHEALTHY", "DEPLOYING", List.of(replica("b", "Mango#2")));

        Map<String, Object> merged = DetailsMerge.applications(a,
                Map.of("a", Map.of("applications", a), "b", Map.of("applications", b)), Map.of());

        Map<?, ?> app = (Map<?, ?>) ((Map<?, ?>) merged.get("applications")).get("default");
        Map<?, ?> mango = (Map<?, ?>) ((Map<?, ?>) app.get("deployments")).get("Mango");
        assertThat((List<?>) mango.get("replicas")).hasSize(2);
        assertThat(mango.get("target_num_replicas")).isEqualTo(2);
        assertThat(mango.get("status")).isEqualTo("UNHEALTHY");
        assertThat(mango.get("message")).isEqualTo("b: trouble on b");
        assertThat(app.get("status")).isEqualTo("DEPLOYING");
        assertThat(((Map<?, ?>) merged.get("proxies")).keySet()).isEqualTo(java.util.Set.of("a", "b"));
    }

    @Test
    void aDeploymentTheLeaderCouldNotPlaceIsUpdatingWithTheReason() {
        Map<String, Object> a = details("a", "HEALTHY", "RUNNING", List.of());

        Map<String, Object> merged = DetailsMerge.applications(a, Map.of("a", Map.of("applications", a)),
                Map.of("default/Mango", "1 replica(s) of 'default/Mango' pending: each asks for {CPU: 4}"));

        Map<?, ?> app = (Map<?, ?>) ((Map<?, ?>) merged.get("applications")).get("default");
        Map<?, ?> mango = (Map<?, ?>) ((Map<?, ?>) app.get("deployments")).get("Mango");
        assertThat(mango.get("status")).isEqualTo("UPDATING");
        assertThat(mango.get("message")).asString().contains("pending: each asks for {CPU: 4}");
        assertThat(app.get("status")).isEqualTo("DEPLOYING");
    }

    @Test
    void theStatusDocumentShowsEachDeploymentsWorstStatusOverTheNodes() {
        Map<String, Object> mine = Map.of("app_status", Map.of("status", "RUNNING"),
                "deployment_statuses", List.of(Map.of("name", "Mango", "status", "HEALTHY", "message", "")));
        Map<String, Object> theirs = Map.of("app_status", Map.of("status", "RUNNING"),
                "deployment_statuses", List.of(Map.of("name", "Mango", "status", "UNHEALTHY", "message", "lost")));

        Map<String, Object> merged = DetailsMerge.status(mine, Map.of("b", Map.of("status", theirs)));

        assertThat(merged.get("deployment_statuses")).isEqualTo(List.of(Map.of("name", "Mango", "status", "UNHEALTHY",
                "message", "b: lost")));
    }

    private static Map<String, Object> details(String node, String status, String appStatus, List<Object> replicas) {
        return Map.of("proxies", Map.of(node, Map.of("node_id", node)), "applications", Map.of("default", Map.of(
                "status", appStatus, "message", "", "deployments", Map.of("Mango", Map.of("status", status,
                        "message", "HEALTHY".equals(status) ? "" : "trouble on " + node, "target_num_replicas", replicas.size(),
                        "replicas", replicas)))));
    }

    private static Map<String, Object> replica(String node, String id) {
        return Map.of("node_id", node, "replica_id", id, "state", "RUNNING");
    }

    /** A goal names its code by digest; one written before digests (no "code") pins nothing. */
    @Test
    void theGoalCarriesTheDigestOfEachUriTheAcceptingNodeRead() {
        String config = "{\"import_path\": \"fruit:deployment_graph\", \"runtime_env\": {\"working_dir\": \"http://h/app.jar\"}}";
        String digest = "sha256:" + "ab".repeat(32);
        String goal = Json.write(Map.of("form", "SINGLE_APP", "config", config, "code", Map.of("http://h/app.jar", digest)));
        ClusterControl.GoalDoc doc = ClusterControl.parseGoal(goal).orElseThrow();
        assertThat(doc.code()).containsExactly(Map.entry("http://h/app.jar", digest));
        assertThat(doc.config().config().runtimeEnv().workingDir()).contains("http://h/app.jar");

        ClusterControl.GoalDoc older = ClusterControl.parseGoal(Json.write(Map.of("form", "SINGLE_APP", "config", config))).orElseThrow();
        assertThat(older.code()).isEmpty();
    }
}
