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

class UpdatePlannerTest {

    private static final String FRUIT = Configs.resource("fruit_config.yaml");
    private static final Set<String> FRUIT_CODE =
            Set.of("MangoStand", "OrangeStand", "PearStand", "FruitMarket", "DAGDriver");
    private static final String CODE = "sha256:1111";

    /** The options FruitStand's code sets, as the runtime hands them over (the ingress's default route included). */
    static final Map<String, Map<String, Object>> FRUIT_OPTIONS = fruitOptions();

    private static Map<String, Map<String, Object>> fruitOptions() {
        Map<String, Map<String, Object>> options = new LinkedHashMap<>();
        for (String name : List.of("MangoStand", "OrangeStand", "PearStand", "FruitMarket")) {
            Map<String, Object> o = new LinkedHashMap<>();
            if (name.equals("MangoStand") || name.equals("FruitMarket")) {
                o.put("num_replicas", 2);
            }
            o.put("route_prefix", null);
            options.put(name, o);
        }
        options.put("DAGDriver", Map.of("route_prefix", "/DAGDriver"));
        return options;
    }

    private static AppSnapshot snapshot(String yaml, String code, Set<String> names) {
        return new AppSnapshot(Configs.valid(yaml).config(), code, names);
    }

    /** A snapshot of the seed's code, which sets {@link #FRUIT_OPTIONS}. */
    private static AppSnapshot onFruitCode(String yaml, String code) {
        try {
            return AppSnapshot.of(Configs.valid(yaml).config(), code, FRUIT_OPTIONS);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static AppSnapshot fruit() {
        return onFruitCode(FRUIT, CODE);
    }

    /** The seed's config with one text replacement (which must apply). */
    private static String fruitWith(String from, String to) {
        assertTrue(FRUIT.contains(from), from);
        return FRUIT.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    private static final String MANGO = "- name: MangoStand\n  num_replicas: 2\n";

    /** One row: a change to the seed's config, and what must happen to MangoStand and to the rest. */
    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("identical config -> nothing", FRUIT, CODE, UNCHANGED, false, false, UNCHANGED, false),
                Arguments.of("only user_config -> reconfigure", fruitWith("price: 3", "price: 5"), CODE,
                        LIGHTWEIGHT, true, false, UNCHANGED, false),
                Arguments.of("only num_replicas -> rescale", fruitWith(MANGO, "- name: MangoStand\n  num_replicas: 4\n"),
                        CODE, LIGHTWEIGHT, false, true, UNCHANGED, false),
                Arguments.of("user_config and num_replicas -> reconfigure and rescale",
                        fruitWith(MANGO, "- name: MangoStand\n  num_replicas: 4\n").replace("price: 3", "price: 5"),
                        CODE, LIGHTWEIGHT, true, true, UNCHANGED, false),
                Arguments.of("autoscaling_config -> rescale",
                        fruitWith(MANGO, "- name: MangoStand\n  num_replicas: null\n")
                                .replaceFirst("autoscaling_config: null", "autoscaling_config: {max_replicas: 3}"),
                        CODE, LIGHTWEIGHT, false, true, UNCHANGED, false),
                Arguments.of("max_concurrent_queries -> replace that deployment only",
                        fruitWith(MANGO + "  route_prefix: null\n  max_concurrent_queries: 100\n",
                                MANGO + "  route_prefix: null\n  max_concurrent_queries: 50\n"),
                        CODE, REPLACE, false, false, UNCHANGED, false),
                Arguments.of("a line that restates the code's value removed -> nothing",
                        fruitWith(MANGO + "  route_prefix: null\n", MANGO), CODE, UNCHANGED, false, false, UNCHANGED, false),
                Arguments.of("a line that restates the default removed -> nothing",
                        fruitWith(MANGO + "  route_prefix: null\n  max_concurrent_queries: 100\n", MANGO
                                + "  route_prefix: null\n"), CODE, UNCHANGED, false, false, UNCHANGED, false),
                Arguments.of("num_replicas: null is the default 1, not the code's 2 -> rescale",
                        fruitWith(MANGO, "- name: MangoStand\n  num_replicas: null\n"), CODE,
                        LIGHTWEIGHT, false, true, UNCHANGED, false),
                Arguments.of("graceful_shutdown_timeout_s -> replace (2.0 form)",
                        fruitWith("graceful_shutdown_timeout_s: 20.0", "graceful_shutdown_timeout_s: 5"), CODE,
                        REPLACE, false, false, UNCHANGED, false),
                Arguments.of("ray_actor_options -> replace",
                        fruitWith("  ray_actor_options: null\n", "  ray_actor_options: {num_cpus: 1}\n"),
                        CODE, REPLACE, false, false, UNCHANGED, false),
                Arguments.of("route_prefix null -> '/mango' replaces",
                        fruitWith(MANGO + "  route_prefix: null\n", MANGO + "  route_prefix: /mango\n"),
                        CODE, REPLACE, false, false, UNCHANGED, false),
                Arguments.of("the same numbers written differently -> nothing",
                        fruitWith("graceful_shutdown_wait_loop_s: 2.0", "graceful_shutdown_wait_loop_s: 2"),
                        CODE, UNCHANGED, false, false, UNCHANGED, false),
                Arguments.of("runtime_env -> reinstall all",
                        fruitWith("runtime_env: {}", "runtime_env: {working_dir: 'file:/opt/fruit.jar'}"), CODE,
                        REINSTALL, false, false, REINSTALL, true),
                Arguments.of("import_path -> reinstall all",
                        fruitWith("fruit:deployment_graph", "fruit:other_graph"), CODE,
                        REINSTALL, false, false, REINSTALL, true),
                Arguments.of("code identity changed -> reinstall all", FRUIT, "sha256:2222",
                        REINSTALL, false, false, REINSTALL, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void eachClassOfChangeIsPlanned(String rule, String wantedYaml, String wantedCode, ChangeKind mango,
            boolean reconfigure, boolean rescale, ChangeKind others, boolean reinstall) {
        UpdatePlan plan = UpdatePlanner.plan(fruit(), onFruitCode(wantedYaml, wantedCode));
        DeploymentChange change = plan.change("MangoStand").orElseThrow();
        assertEquals(List.of(mango, reconfigure, rescale), List.of(change.kind(), change.reconfigure(), change.rescale()), rule);
        assertEquals(mango == UNCHANGED || mango == REINSTALL, change.changed().isEmpty(), rule + ": " + change);
        for (String other : List.of("OrangeStand", "PearStand", "FruitMarket", "DAGDriver")) {
            assertEquals(new DeploymentChange(other, others, false, false), plan.change(other).orElseThrow(), rule);
        }
        assertEquals(reinstall, plan.reinstall(), rule);
        assertEquals(mango == UNCHANGED && others == UNCHANGED, plan.isNoop(), rule);
        assertEquals(5, plan.changes().size());
    }

    @Test
    void writingTheDefaultMaxConcurrentQueriesIntoARunningConfigReplacesNothing() {
        String without = fruitWith(MANGO + "  route_prefix: null\n  max_concurrent_queries: 100\n", MANGO
                + "  route_prefix: null\n");
        UpdatePlan plan = UpdatePlanner.plan(onFruitCode(without, CODE), fruit());
        assertTrue(plan.isNoop(), plan.toString());
    }

    @Test
    void changedNamesTheOptionsThatChanged() {
        String yaml = fruitWith(MANGO + "  route_prefix: null\n  max_concurrent_queries: 100\n", MANGO
                + "  route_prefix: null\n  max_concurrent_queries: 50\n").replaceFirst("price: 3", "price: 4");
        DeploymentChange change = UpdatePlanner.plan(fruit(), onFruitCode(yaml, CODE)).change("MangoStand").orElseThrow();
        assertEquals(new DeploymentChange("MangoStand", REPLACE, false, false,
                Set.of("max_concurrent_queries", "user_config")), change);
    }

    @Test
    void nothingRunningMeansEveryDeploymentIsAdded() {
        UpdatePlan plan = UpdatePlanner.plan(null, fruit());
        assertEquals(List.of("MangoStand", "OrangeStand", "PearStand", "FruitMarket", "DAGDriver"),
                plan.changes().stream().map(DeploymentChange::name).toList());
        assertTrue(plan.changes().stream().allMatch(c -> c.kind() == ADD));
        assertFalse(plan.isNoop());
        assertFalse(plan.reinstall());
    }

    @Test
    void aDeploymentRemovedIsRemoved() {
        Set<String> fewer = Set.of("MangoStand", "OrangeStand", "FruitMarket", "DAGDriver");
        String yaml = FRUIT.substring(0, FRUIT.indexOf("- name: PearStand")) + FRUIT.substring(FRUIT.indexOf("- name: FruitMarket"));
        UpdatePlan plan = UpdatePlanner.plan(fruit(), snapshot(yaml, CODE, fewer));
        assertEquals(new DeploymentChange("PearStand", REMOVE, false, false), plan.changes().get(4));
        assertEquals(UNCHANGED, plan.change("MangoStand").orElseThrow().kind());
        assertFalse(plan.isNoop());
    }

    @Test
    void aDeploymentAddedIsAdded() {
        Set<String> more = new java.util.LinkedHashSet<>(FRUIT_CODE);
        more.add("KiwiStand");
        String yaml = FRUIT + "\n- name: KiwiStand\n  user_config:\n    price: 7\n";
        UpdatePlan plan = UpdatePlanner.plan(fruit(), snapshot(yaml, CODE, more));
        assertEquals(new DeploymentChange("KiwiStand", ADD, false, false), plan.changes().get(5));
        assertEquals(UNCHANGED, plan.change("DAGDriver").orElseThrow().kind());
    }

    @Test
    void anUnlistedDeploymentWhoseCodeDidNotChangeIsUnchanged() {
        String yaml = "import_path: fruit:deployment_graph\nruntime_env: {}\ndeployments:\n"
                + "- name: MangoStand\n  user_config: {price: 3}\n";
        AppSnapshot running = snapshot(yaml, CODE, FRUIT_CODE);
        UpdatePlan plan = UpdatePlanner.plan(running, snapshot(yaml, CODE, FRUIT_CODE));
        assertTrue(plan.isNoop(), plan.toString());
        assertEquals(5, plan.changes().size());
        assertEquals(new DeploymentChange("DAGDriver", UNCHANGED, false, false), plan.change("DAGDriver").orElseThrow());
    }

    @Test
    void anUnlistedDeploymentIsReinstalledWhenTheCodeChanged() {
        String yaml = "import_path: fruit:deployment_graph\n";
        UpdatePlan plan = UpdatePlanner.plan(snapshot(yaml, CODE, FRUIT_CODE), snapshot(yaml, "sha256:2222", FRUIT_CODE));
        assertEquals(REINSTALL, plan.change("DAGDriver").orElseThrow().kind());
    }

    @Test
    void runtimeEnvWrittenAsEmptyOrLeftOutIsTheSame() {
        UpdatePlan plan = UpdatePlanner.plan(snapshot("import_path: a.b\nruntime_env: {}\n", CODE, Set.of("A")),
                snapshot("import_path: a.b\n", CODE, Set.of("A")));
        assertTrue(plan.isNoop(), plan.toString());
    }

    @Test
    void writingRoutePrefixNullWhereTheCodeSetsARouteReplaces() {
        String without = FRUIT.replace("  route_prefix: /\n", "");
        String unreachable = FRUIT.replace("  route_prefix: /\n", "  route_prefix: null\n");
        UpdatePlan plan = UpdatePlanner.plan(onFruitCode(without, CODE), onFruitCode(unreachable, CODE));
        assertEquals(new DeploymentChange("DAGDriver", REPLACE, false, false, Set.of("route_prefix")),
                plan.change("DAGDriver").orElseThrow());
        assertEquals(UNCHANGED, plan.change("MangoStand").orElseThrow().kind());
    }

    @Test
    void deletingTheIngressRouteFallsBackToTheCodesRouteAndReplaces() {
        String without = FRUIT.replace("  route_prefix: /\n", "");
        assertEquals(REPLACE, UpdatePlanner.plan(fruit(), onFruitCode(without, CODE)).change("DAGDriver").orElseThrow().kind());
    }

    @Test
    void writingAnOptionAsNullWhereItWasLeftOutChangesNothing() {
        UpdatePlan plan = UpdatePlanner.plan(snapshot(Configs.deployment("num_replicas: 1"), CODE, Set.of("A")),
                snapshot(Configs.deployment("num_replicas: 1", "max_concurrent_queries: null"), CODE, Set.of("A")));
        assertTrue(plan.isNoop(), plan.toString());
    }

    @Test
    void aDeploymentTheConfigListsButTheCodeLacksIsNamed() {
        String yaml = FRUIT + "\n- name: KiwiStand\n  user_config: {price: 7}\n";
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> AppSnapshot.of(Configs.valid(yaml).config(), CODE, FRUIT_OPTIONS));
        assertEquals("deployments[5].name: fruit:deployment_graph has no deployment named 'KiwiStand' (it has "
                + "MangoStand, OrangeStand, PearStand, FruitMarket, DAGDriver)", e.getMessage());
    }

    @Test
    void invalidOptionsInTheCodeAreNamed() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> AppSnapshot.of(Configs.valid("import_path: a.b\n").config(), CODE,
                        Map.of("A", Map.of("num_replicas", 0))));
        assertEquals("A.num_replicas: must be > 0 (got 0)", e.getMessage());
    }
}
