package io.osgiserve.config;

import static io.osgiserve.config.ChangeKind.ADD;
import static io.osgiserve.config.ChangeKind.LIGHTWEIGHT;
import static io.osgiserve.config.ChangeKind.REINSTALL;
import static io.osgiserve.config.ChangeKind.REMOVE;
import static io.osgiserve.config.ChangeKind.REPLACE;
import static io.osgiserve.config.ChangeKind.UNCHANGED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The planner on multi-application documents: current Ray's update classes, applications independent. */
class MultiAppPlannerTest {

    private static final String CODE = "sha256:1111";
    private static final Map<String, Map<String, Object>> FRUIT_OPTIONS = Map.of(
            "MangoStand", Map.of("num_replicas", 2), "OrangeStand", Map.of(), "PearStand", Map.of(),
            "FruitMarket", Map.of("num_replicas", 2), "DAGDriver", Map.of());

    private static final String MANGO = """
            applications:
            - name: fruit
              route_prefix: /fruit
              import_path: fruit:deployment_graph
              deployments:
              - name: MangoStand
                num_replicas: 2
                user_config: {price: 3}
            """;

    private static Map<String, AppSnapshot> snapshots(String yaml) {
        Map<String, AppSnapshot> apps = new LinkedHashMap<>();
        for (AppConfig app : Configs.valid(yaml).applications()) {
            try {
                apps.put(app.name(), AppSnapshot.of(app, CODE, FRUIT_OPTIONS));
            } catch (ConfigException e) {
                throw new AssertionError(e.getMessage(), e);
            }
        }
        return apps;
    }

    private static UpdatePlan fruitPlan(String before, String after) {
        return UpdatePlanner.plan(snapshots(before), snapshots(after)).get("fruit");
    }

    private static String mangoWith(String line) {
        return MANGO + "    " + line + "\n";
    }

    static Stream<Arguments> updateClasses() {
        return Stream.of(
                Arguments.of("max_ongoing_requests reconfigures in place", "max_ongoing_requests: 3", LIGHTWEIGHT, false, false),
                Arguments.of("its 2.0 alias too", "max_concurrent_queries: 3", LIGHTWEIGHT, false, false),
                Arguments.of("max_queued_requests", "max_queued_requests: 10", LIGHTWEIGHT, false, false),
                Arguments.of("rolling_update_percentage", "rolling_update_percentage: 0.5", LIGHTWEIGHT, false, false),
                Arguments.of("graceful_shutdown_wait_loop_s", "graceful_shutdown_wait_loop_s: 0", LIGHTWEIGHT, false, false),
                Arguments.of("graceful_shutdown_timeout_s", "graceful_shutdown_timeout_s: 1", LIGHTWEIGHT, false, false),
                Arguments.of("health_check_period_s", "health_check_period_s: 1", LIGHTWEIGHT, false, false),
                Arguments.of("health_check_timeout_s", "health_check_timeout_s: 1", LIGHTWEIGHT, false, false),
                Arguments.of("autoscaling_config rescales", "autoscaling_config: {max_replicas: 4}", LIGHTWEIGHT, false, true),
                Arguments.of("num_replicas auto rescales", "num_replicas: auto", LIGHTWEIGHT, false, true),
                Arguments.of("ray_actor_options replaces", "ray_actor_options: {num_cpus: 1}", REPLACE, false, false),
                Arguments.of("restating the default max_ongoing_requests changes nothing", "max_ongoing_requests: 5",
                        UNCHANGED, false, false),
                Arguments.of("restating a default timer changes nothing", "health_check_period_s: 10.0", UNCHANGED, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updateClasses")
    void eachOptionHasCurrentRaysUpdateClass(String rule, String line, ChangeKind kind, boolean reconfigure, boolean rescale) {
        String after = line.startsWith("num_replicas") || line.startsWith("autoscaling_config")
                ? MANGO.replace("    num_replicas: 2\n", "") + "    " + line + "\n" : mangoWith(line);
        UpdatePlan plan = fruitPlan(MANGO, after);
        DeploymentChange mango = plan.change("MangoStand").orElseThrow();
        assertEquals(List.of(kind, reconfigure, rescale), List.of(mango.kind(), mango.reconfigure(), mango.rescale()), rule);
        for (String other : List.of("OrangeStand", "PearStand", "FruitMarket", "DAGDriver")) {
            assertEquals(UNCHANGED, plan.change(other).orElseThrow().kind(), rule);
        }
    }

    @Test
    void maxOngoingRequestsKeepsTheReplicasWhereMaxConcurrentQueriesReplacedThemInTheTwoZeroForm() {
        DeploymentChange multi = fruitPlan(mangoWith("max_ongoing_requests: 5"), mangoWith("max_ongoing_requests: 8"))
                .change("MangoStand").orElseThrow();
        assertEquals(new DeploymentChange("MangoStand", LIGHTWEIGHT, false, false, Set.of("max_ongoing_requests")), multi);
        String single = Configs.deployment("max_concurrent_queries: 5");
        UpdatePlan twoZero = UpdatePlanner.plan(new AppSnapshot(Configs.valid(single).config(), CODE, Set.of("A")),
                new AppSnapshot(Configs.valid(single.replace(": 5", ": 8")).config(), CODE, Set.of("A")));
        assertEquals(REPLACE, twoZero.change("A").orElseThrow().kind());
    }

    @Test
    void userConfigReconfigures() {
        DeploymentChange mango = fruitPlan(MANGO, MANGO.replace("price: 3", "price: 5")).change("MangoStand").orElseThrow();
        assertEquals(new DeploymentChange("MangoStand", LIGHTWEIGHT, true, false, Set.of("user_config")), mango);
    }

    @Test
    void renamingAnOptionToItsCurrentNameChangesNothing() {
        assertTrue(fruitPlan(mangoWith("max_concurrent_queries: 3"), mangoWith("max_ongoing_requests: 3")).isNoop());
    }

    @Test
    void argsRebuildTheApplication() {
        UpdatePlan plan = fruitPlan(mangoWith("user_config: null").replace("    user_config: null\n", "")
                + "  args: {currency: EUR}\n", MANGO + "  args: {currency: USD}\n");
        assertTrue(plan.reinstall());
        assertEquals(REINSTALL, plan.change("DAGDriver").orElseThrow().kind());
    }

    @Test
    void aRoutePrefixChangeMovesTheRouteAndKeepsTheReplicas() {
        UpdatePlan plan = fruitPlan(MANGO, MANGO.replace("route_prefix: /fruit", "route_prefix: /shop"));
        assertTrue(plan.routePrefixChanged());
        assertFalse(plan.reinstall());
        assertTrue(plan.changes().stream().allMatch(c -> c.kind() == UNCHANGED), plan.toString());
        assertFalse(plan.isNoop());
    }

    @Test
    void droppingAnApplicationDeletesItAndLeavesTheOtherUnchanged() {
        String both = MultiAppConfigTest.FRUIT_AND_EU;
        String fruitOnly = both.substring(0, both.indexOf("- name: eu"));
        Map<String, UpdatePlan> plans = UpdatePlanner.plan(snapshots(both), snapshots(fruitOnly));
        assertEquals(List.of("fruit", "eu"), List.copyOf(plans.keySet()));
        assertTrue(plans.get("fruit").isNoop(), plans.get("fruit").toString());
        assertTrue(plans.get("eu").deletesApplication());
        assertTrue(plans.get("eu").changes().stream().allMatch(c -> c.kind() == REMOVE));
        assertEquals(5, plans.get("eu").changes().size());
    }

    @Test
    void changingOneApplicationNeverTouchesAnother() {
        String both = MultiAppConfigTest.FRUIT_AND_EU;
        Map<String, UpdatePlan> plans = UpdatePlanner.plan(snapshots(both),
                snapshots(both.replace("price: 7", "price: 8").replace("currency: EUR", "currency: GBP")));
        assertTrue(plans.get("fruit").isNoop(), plans.get("fruit").toString());
        assertTrue(plans.get("eu").reinstall());
    }

    @Test
    void aNewApplicationIsAddedBesideTheRunningOne() {
        String both = MultiAppConfigTest.FRUIT_AND_EU;
        String fruitOnly = both.substring(0, both.indexOf("- name: eu"));
        Map<String, UpdatePlan> plans = UpdatePlanner.plan(snapshots(fruitOnly), snapshots(both));
        assertTrue(plans.get("fruit").isNoop());
        assertTrue(plans.get("eu").changes().stream().allMatch(c -> c.kind() == ADD));
    }

    @Test
    void switchingFormsRebuildsTheApplication() {
        AppSnapshot twoZero = new AppSnapshot(Configs.valid("import_path: fruit:deployment_graph\n").config(), CODE,
                FRUIT_OPTIONS.keySet());
        AppSnapshot multi = new AppSnapshot(Configs.valid("applications:\n- import_path: fruit:deployment_graph\n").config(),
                CODE, FRUIT_OPTIONS.keySet());
        assertTrue(UpdatePlanner.plan(twoZero, multi).reinstall());
    }
}
