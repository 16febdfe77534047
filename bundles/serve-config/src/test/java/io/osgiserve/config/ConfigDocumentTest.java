package io.osgiserve.config;

import static io.osgiserve.config.Configs.IMPORT;
import static io.osgiserve.config.Configs.resource;
import static io.osgiserve.config.Configs.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigDocumentTest {

    private static final String FRUIT = resource("fruit_config.yaml");

    @Test
    void seedFruitConfigParses() {
        AppConfig config = valid(FRUIT).config();
        assertEquals("fruit:deployment_graph", config.importPath());
        assertTrue(config.runtimeEnv().isEmpty());
        assertEquals(List.of("MangoStand", "OrangeStand", "PearStand", "FruitMarket", "DAGDriver"),
                config.deployments().stream().map(DeploymentConfig::name).toList());
        DeploymentConfig mango = config.deployment("MangoStand").orElseThrow();
        assertEquals(Optional.of(2), mango.numReplicas());
        assertEquals(Map.of("price", 3), mango.userConfig().orElseThrow());
        assertTrue(mango.routePrefixWritten());
        assertEquals(Optional.empty(), mango.routePrefix());
        assertTrue(mango.isWritten("autoscaling_config"));
        assertEquals(Optional.empty(), mango.autoscalingConfig());
        assertEquals(Optional.of(100), mango.maxConcurrentQueries());
        assertEquals(Optional.of(2.0), mango.gracefulShutdownWaitLoopS());
        assertEquals(Optional.of(20.0), mango.gracefulShutdownTimeoutS());
        assertEquals(Optional.of(10.0), mango.healthCheckPeriodS());
        assertEquals(Optional.of(30.0), mango.healthCheckTimeoutS());
        assertEquals(Optional.empty(), mango.rayActorOptions());
        assertEquals(Map.of("price", 2), config.deployment("OrangeStand").orElseThrow().userConfig().orElseThrow());
        assertEquals(Map.of("price", 4), config.deployment("PearStand").orElseThrow().userConfig().orElseThrow());
        assertEquals(Optional.of(2), config.deployment("FruitMarket").orElseThrow().numReplicas());
        assertEquals(Optional.of("/"), config.deployment("DAGDriver").orElseThrow().routePrefix());
    }

    @Test
    void seedFruitConfigRoundTripsUnchanged() throws ConfigException {
        ConfigDocument first = valid(FRUIT);
        String yaml = first.toYaml();
        ConfigDocument again = ConfigDocument.parseYaml(yaml);
        assertEquals(first, again);
        assertEquals(first.written(), again.written());
        assertEquals(yaml, again.toYaml());
        assertEquals(first, ConfigDocument.parseJson(first.toJson()));
        assertTrue(yaml.startsWith("import_path: fruit:deployment_graph\nruntime_env: {}\ndeployments:\n- name: MangoStand\n"
                + "  num_replicas: 2\n  route_prefix: null\n"), yaml);
        assertTrue(yaml.contains("  graceful_shutdown_wait_loop_s: 2.0\n"), yaml);
        assertTrue(yaml.contains("  route_prefix: /\n"), yaml);
    }

    @Test
    void writtenKeepsOrderNullsAndLeavesOutWhatWasNotWritten() {
        ConfigDocument doc = valid("deployments:\n- name: A\n  route_prefix: null\n  num_replicas: 3\n" + IMPORT);
        assertEquals(List.of("deployments", "import_path"), List.copyOf(doc.written().keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Object> a = ((List<Map<String, Object>>) doc.written().get("deployments")).get(0);
        assertEquals(List.of("name", "route_prefix", "num_replicas"), List.copyOf(a.keySet()));
        assertTrue(a.containsKey("route_prefix"));
        assertNull(a.get("route_prefix"));
        assertFalse(doc.written().containsKey("runtime_env"));
        DeploymentConfig d = doc.config().deployment("A").orElseThrow();
        assertEquals(List.of("route_prefix", "num_replicas"), List.copyOf(d.written().keySet()));
        assertFalse(d.isWritten("max_concurrent_queries"));
        assertEquals(Optional.empty(), d.maxConcurrentQueries());
    }

    @Test
    void writtenIsImmutable() {
        ConfigDocument doc = valid(Configs.deployment("user_config: {price: 3}"));
        assertThrows(UnsupportedOperationException.class, () -> doc.written().put("port", 1));
        Map<String, Object> userConfig = doc.config().deployment("A").orElseThrow().userConfig().orElseThrow();
        assertThrows(UnsupportedOperationException.class, () -> userConfig.put("price", 5));
    }

    @Test
    void writtenHoldsOnlyJsonTypes() {
        ConfigDocument doc = valid(Configs.deployment(
                "user_config: {i: 3, l: 30000000000, d: 2.5, b: true, s: x, n: null, list: [1, a]}"));
        Map<String, Object> u = doc.config().deployment("A").orElseThrow().userConfig().orElseThrow();
        assertEquals(Integer.valueOf(3), u.get("i"));
        assertEquals(Long.valueOf(30000000000L), u.get("l"));
        assertEquals(Double.valueOf(2.5), u.get("d"));
        assertEquals(Boolean.TRUE, u.get("b"));
        assertEquals("x", u.get("s"));
        assertTrue(u.containsKey("n"));
        assertEquals(List.of(1, "a"), u.get("list"));
    }

    @Test
    void stringsThatLookLikeOtherTypesRoundTripAsStrings() throws ConfigException {
        Map<String, Object> userConfig = new LinkedHashMap<>();
        for (String s : List.of("2", "2.0", "true", "null", "~", "", "yes", "a: b", "# x", "- y", "*x", "&a",
                "multi\nline", "trailing\n", " padded ", "'quoted'", "\"dq\"", "{}", "[]", "@at", "1e3", "0x1F")) {
            userConfig.put("k" + userConfig.size(), s);
        }
        userConfig.put("big", 1.0E20);
        userConfig.put("small", 1.5E-7);
        ConfigDocument doc = ConfigDocument.parseJson("{\"import_path\":\"a.b\",\"deployments\":[{\"name\":\"A\","
                + "\"user_config\":" + toJson(userConfig) + "}]}");
        assertEquals(userConfig, doc.config().deployment("A").orElseThrow().userConfig().orElseThrow());
        ConfigDocument back = ConfigDocument.parseYaml(doc.toYaml());
        assertEquals(doc, back, doc.toYaml());
    }

    private static String toJson(Object value) {
        if (value instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        }
        if (value instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(toJson(k)).append(':').append(toJson(v)));
            return b.append('}').toString();
        }
        return String.valueOf(value);
    }

    @ParameterizedTest(name = "content type {0} is read")
    @NullSource
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "application/yaml",
        "text/yaml", "application/x-yaml; charset=UTF-8", "text/plain"})
    void bodyIsReadWhateverItsContentType(String contentType) throws ConfigException {
        byte[] json = "{\"import_path\": \"fruit:deployment_graph\", \"port\": 8001}".getBytes(StandardCharsets.UTF_8);
        ConfigDocument doc = ConfigDocument.parse(json, contentType);
        assertEquals(8001, doc.config().port());
    }

    @Test
    void yamlBodyWithJsonContentTypeIsInvalidJson() {
        byte[] yaml = FRUIT.getBytes(StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigDocument.parse(yaml, "application/json"));
        assertEquals("document", e.errors().get(0).path());
        assertTrue(e.getMessage().startsWith("document: invalid JSON at line 1"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void yamlContentTypeReadsYaml() throws ConfigException {
        ConfigDocument doc = ConfigDocument.parse(FRUIT.getBytes(StandardCharsets.UTF_8), "application/yaml");
        assertEquals(valid(FRUIT), doc);
    }

    @Test
    void charsetParameterIsHonoured() throws ConfigException {
        byte[] latin1 = (IMPORT + "deployments:\n- name: A\n  user_config: {fruit: \"pi\u00f1a\"}\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        ConfigDocument doc = ConfigDocument.parse(latin1, "application/yaml; charset=ISO-8859-1");
        assertEquals("pi\u00f1a", doc.config().deployment("A").orElseThrow().userConfig().orElseThrow().get("fruit"));
    }

    @Test
    void invalidYamlIsOneLineWithItsPosition() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigDocument.parseYaml(IMPORT + "deployments:\n  - name: [A\n"));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith("document: invalid YAML at line "), e.getMessage());
    }

    @Test
    void emptyDocumentIsRefused() {
        Configs.assertError("", "document", "is empty");
    }

    @Test
    void deploymentConfigOfValidatesWithTheSameRules() throws ConfigException {
        DeploymentConfig d = DeploymentConfig.of("Driver", Map.of("num_replicas", 2, "route_prefix", "/"));
        assertEquals("Driver", d.name());
        assertEquals(Optional.of(2), d.numReplicas());
        assertEquals(Optional.of("/"), d.routePrefix());
        ConfigException e = assertThrows(ConfigException.class,
                () -> DeploymentConfig.of("Driver", Map.of("num_replicas", 0, "route_prefx", "/")));
        assertTrue(e.errors().contains(
                new FieldError("Driver.route_prefx", "unknown field; did you mean 'route_prefix'?")), e.getMessage());
        assertTrue(e.errors().contains(new FieldError("Driver.num_replicas", "must be > 0 (got 0)")), e.getMessage());
        assertEquals(2, e.errors().size());
    }

    @Test
    void deploymentConfigOfRefusesNumReplicasWithAutoscaling() {
        ConfigException e = assertThrows(ConfigException.class, () -> DeploymentConfig.of("A",
                Map.of("num_replicas", 2, "autoscaling_config", Map.of("max_replicas", 3))));
        assertEquals(List.of(new FieldError("A.num_replicas",
                "Manually setting num_replicas is not allowed when autoscaling_config is provided.")), e.errors());
    }

    @Test
    void deploymentConfigOfWidensJavaNumbers() throws ConfigException {
        DeploymentConfig d = DeploymentConfig.of("A", Map.of("health_check_period_s", 5.0f,
                "max_concurrent_queries", (short) 7, "user_config", Map.of("k", List.of(1L))));
        assertEquals(Optional.of(5.0), d.healthCheckPeriodS());
        assertEquals(Optional.of(7), d.maxConcurrentQueries());
        ConfigException e = assertThrows(ConfigException.class,
                () -> DeploymentConfig.of("A", Map.of("user_config", Map.of("when", new Object()))));
        assertEquals("A.user_config.when", e.errors().get(0).path());
    }

    @Test
    void overridesWinFieldByField() throws ConfigException {
        DeploymentConfig code = DeploymentConfig.of("A", Map.of("num_replicas", 2, "route_prefix", "/",
                "max_concurrent_queries", 10));
        DeploymentConfig written = valid(Configs.deployment("max_concurrent_queries: 50", "user_config: {p: 1}"))
                .config().deployment("A").orElseThrow();
        DeploymentConfig merged = code.withOverrides(written);
        assertEquals(Optional.of(2), merged.numReplicas());
        assertEquals(Optional.of("/"), merged.routePrefix());
        assertEquals(Optional.of(50), merged.maxConcurrentQueries());
        assertEquals(Map.of("p", 1), merged.userConfig().orElseThrow());
    }

    @Test
    void overridingRoutePrefixWithNullMakesItUnreachable() throws ConfigException {
        DeploymentConfig code = DeploymentConfig.of("A", Map.of("route_prefix", "/a"));
        DeploymentConfig merged = code.withOverrides(valid(Configs.deployment("route_prefix: null"))
                .config().deployment("A").orElseThrow());
        assertTrue(merged.routePrefixWritten());
        assertEquals(Optional.empty(), merged.routePrefix());
    }

    @Test
    void overridingWithAutoscalingDropsTheCodesNumReplicas() throws ConfigException {
        DeploymentConfig code = DeploymentConfig.of("A", Map.of("num_replicas", 2));
        DeploymentConfig merged = code.withOverrides(valid(Configs.deployment("autoscaling_config: {max_replicas: 4}"))
                .config().deployment("A").orElseThrow());
        assertEquals(Optional.empty(), merged.numReplicas());
        assertEquals(4, merged.autoscalingConfig().orElseThrow().maxReplicas());
    }

    @Test
    void autoscalingDefaultsAreFilledIn() {
        AutoscalingConfig a = valid(Configs.deployment("autoscaling_config: {}")).config().deployment("A")
                .orElseThrow().autoscalingConfig().orElseThrow();
        assertEquals(AutoscalingConfig.defaults(), a);
        assertEquals(Defaults.MIN_REPLICAS, a.minReplicas());
        assertEquals(Defaults.MAX_REPLICAS, a.maxReplicas());
        assertEquals(Defaults.TARGET_NUM_ONGOING_REQUESTS_PER_REPLICA, a.targetNumOngoingRequestsPerReplica());
        assertEquals(Defaults.METRICS_INTERVAL_S, a.metricsIntervalS());
        assertEquals(Defaults.LOOK_BACK_PERIOD_S, a.lookBackPeriodS());
        assertEquals(Defaults.SMOOTHING_FACTOR, a.smoothingFactor());
        assertEquals(Defaults.UPSCALE_DELAY_S, a.upscaleDelayS());
        assertEquals(Defaults.DOWNSCALE_DELAY_S, a.downscaleDelayS());
    }
}
