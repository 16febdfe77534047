package io.osgiserve.config;

import static io.osgiserve.config.Configs.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The multi-application form as a model: N applications, each form's names and defaults, written as written. */
class MultiAppConfigTest {

    /** FruitStand at /fruit, and a second copy at /eu whose MangoStand costs 7 (written with a 2.0 alias). */
    static final String FRUIT_AND_EU = """
            http_options:
              host: 127.0.0.1
              port: 8001
            applications:
            - name: fruit
              route_prefix: /fruit
              import_path: fruit:deployment_graph
              runtime_env: {}
              deployments:
              - name: MangoStand
                num_replicas: 2
                max_concurrent_queries: 10
                user_config:
                  price: 3
            - name: eu
              route_prefix: /eu
              import_path: fruit:deployment_graph
              args:
                currency: EUR
              deployments:
              - name: MangoStand
                user_config:
                  price: 7
                autoscaling_config:
                  min_replicas: 0
                  max_replicas: 3
                  target_num_ongoing_requests_per_replica: 4
                  smoothing_factor: 0.5
                  downscale_to_zero_delay_s: 60
            """;

    @Test
    void aDocumentHoldsItsApplicationsInTheWrittenOrder() {
        ConfigDocument doc = valid(FRUIT_AND_EU);
        assertEquals(ConfigForm.MULTI_APP, doc.form());
        assertEquals(List.of("fruit", "eu"), doc.applications().stream().map(AppConfig::name).toList());
        AppConfig eu = doc.application("eu").orElseThrow();
        assertEquals(Optional.of("/eu"), eu.routePrefix());
        assertEquals(Map.of("currency", "EUR"), eu.args());
        assertEquals("fruit:deployment_graph", eu.importPath());
        assertEquals("applications[1].", eu.path());
        assertEquals(Map.of(), doc.application("fruit").orElseThrow().args());
    }

    @Test
    void everyApplicationSharesTheTopLevelHttpOptions() {
        ConfigDocument doc = valid(FRUIT_AND_EU);
        for (AppConfig app : doc.applications()) {
            assertEquals("127.0.0.1", app.host());
            assertEquals(8001, app.port());
            assertTrue(app.portWritten());
        }
        HttpOptions http = valid("applications: []\n").httpOptions();
        assertEquals(List.of(Defaults.HOST, Defaults.PORT, "", 90), List.of(http.host(), http.port(), http.rootPath(),
                http.keepAliveTimeoutS()));
    }

    @Test
    void theTwoZeroFormIsOneApplicationNamedDefault() {
        ConfigDocument doc = valid(Configs.resource("fruit_config.yaml"));
        assertEquals(ConfigForm.SINGLE_APP, doc.form());
        assertEquals(1, doc.applications().size());
        AppConfig app = doc.config();
        assertEquals("default", app.name());
        assertEquals(Optional.empty(), app.routePrefix());
        assertEquals("", app.path());
        assertEquals(doc.written(), app.written());
        assertEquals(doc.toYaml(), doc.applicationsYaml());
    }

    @Test
    void configOfADocumentWithSeveralApplicationsSaysToReadThemAll() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> valid(FRUIT_AND_EU).config());
        assertTrue(e.getMessage().contains("holds 2 applications"), e.getMessage());
    }

    @Test
    void anApplicationWithoutRoutePrefixIsAtSlashAndNullIsUnreachable() {
        ConfigDocument doc = valid("applications:\n- {name: a, import_path: a.b}\n- {name: b, route_prefix: null, import_path: a.b}\n");
        assertEquals(Optional.of("/"), doc.applications().get(0).routePrefix());
        assertEquals(Optional.empty(), doc.applications().get(1).routePrefix());
    }

    @Test
    void eachFormHasItsOwnDefaults() {
        DeploymentConfig single = valid(Configs.deployment()).config().deployment("A").orElseThrow();
        DeploymentConfig multi = valid("applications:\n- import_path: a.b\n  deployments:\n  - name: A\n")
                .config().deployment("A").orElseThrow();
        assertEquals(100, single.effectiveMaxOngoingRequests());
        assertEquals(5, multi.effectiveMaxOngoingRequests());
        assertEquals(100, single.effectiveOptions().get("max_concurrent_queries"));
        assertEquals(5, multi.effectiveOptions().get("max_ongoing_requests"));
        assertFalse(multi.effectiveOptions().containsKey("max_concurrent_queries"));
        assertEquals(0.2, multi.effectiveOptions().get("rolling_update_percentage"));
        String autoscaled = "autoscaling_config: {max_replicas: 3}";
        assertEquals(1.0, valid(Configs.deployment(autoscaled)).config().deployment("A").orElseThrow()
                .autoscalingConfig().orElseThrow().targetOngoingRequests());
        assertEquals(2.0, valid("applications:\n- import_path: a.b\n  deployments:\n  - name: A\n    " + autoscaled + "\n")
                .config().deployment("A").orElseThrow().autoscalingConfig().orElseThrow().targetOngoingRequests());
    }

    @Test
    void twoZeroNamesAreAliasesOfTheCurrentOnesInTheMultiApplicationForm() {
        ConfigDocument doc = valid(FRUIT_AND_EU);
        DeploymentConfig fruitMango = doc.application("fruit").orElseThrow().deployment("MangoStand").orElseThrow();
        assertEquals(Optional.of(10), fruitMango.maxOngoingRequests());
        assertEquals(10, fruitMango.effectiveOptions().get("max_ongoing_requests"));
        AutoscalingConfig eu = doc.application("eu").orElseThrow().deployment("MangoStand").orElseThrow()
                .autoscalingConfig().orElseThrow();
        assertEquals(4.0, eu.targetOngoingRequests());
        assertEquals(0.5, eu.upscalingFactor());
        assertEquals(0.5, eu.downscalingFactor());
        assertEquals(0, eu.minReplicas());
        assertEquals(Optional.of(60.0), eu.downscaleToZeroDelayS());
        assertEquals("mean", eu.aggregationFunction());
    }

    @Test
    void upscalingAndDownscalingFactorsOverrideSmoothingFactor() {
        AutoscalingConfig a = valid("applications:\n- import_path: a.b\n  deployments:\n  - name: A\n"
                + "    autoscaling_config: {max_replicas: 4, smoothing_factor: 0.5, upscaling_factor: 2,"
                + " initial_replicas: 3, aggregation_function: max}\n")
                .config().deployment("A").orElseThrow().autoscalingConfig().orElseThrow();
        assertEquals(2.0, a.upscalingFactor());
        assertEquals(0.5, a.downscalingFactor());
        assertEquals(Optional.of(3), a.initialReplicas());
        assertEquals("max", a.aggregationFunction());
    }

    @Test
    void numReplicasAutoIsAutoscalingBetweenOneAndAHundredTargetingTwo() {
        DeploymentConfig d = valid("applications:\n- import_path: a.b\n  deployments:\n  - name: A\n    num_replicas: auto\n")
                .config().deployment("A").orElseThrow();
        assertTrue(d.numReplicasAuto());
        assertEquals(Optional.empty(), d.numReplicas());
        AutoscalingConfig a = d.autoscalingConfig().orElseThrow();
        assertEquals(List.of(1, 100, 2.0), List.of(a.minReplicas(), a.maxReplicas(), a.targetOngoingRequests()));
        DeploymentConfig over = valid("applications:\n- import_path: a.b\n  deployments:\n  - name: A\n"
                + "    num_replicas: auto\n    autoscaling_config: {max_replicas: 10}\n").config().deployment("A").orElseThrow();
        assertEquals(List.of(1, 10), List.of(over.autoscalingConfig().orElseThrow().minReplicas(),
                over.autoscalingConfig().orElseThrow().maxReplicas()));
        assertEquals("auto", over.effectiveOptions().get("num_replicas"));
    }

    @Test
    void theCodesTwoZeroNameAndTheConfigsCurrentNameAreOneOption() throws ConfigException {
        AppConfig app = valid("applications:\n- import_path: a.b\n  deployments:\n  - name: A\n    max_ongoing_requests: 8\n")
                .config();
        DeploymentConfig code = DeploymentConfig.of(ConfigForm.MULTI_APP, "A", Map.of("max_concurrent_queries", 50));
        DeploymentConfig effective = code.withOverrides(app.deployment("A").orElseThrow());
        assertEquals(Optional.of(8), effective.maxOngoingRequests());
        assertFalse(effective.written().containsKey("max_concurrent_queries"), effective.toString());
        assertEquals(Optional.of(50), code.withOverrides(DeploymentConfig.unwritten(ConfigForm.MULTI_APP, "A"))
                .maxOngoingRequests());
    }

    @Test
    void theCodeMayNotSetARouteForADeploymentInTheMultiApplicationForm() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DeploymentConfig.of(ConfigForm.MULTI_APP, "DAGDriver", Map.of("route_prefix", "/")));
        assertEquals("DAGDriver.route_prefix", e.errors().get(0).path());
    }

    @Test
    void eachApplicationIsWrittenBackExactlyAsWritten() throws ConfigException {
        ConfigDocument doc = valid(FRUIT_AND_EU);
        AppConfig eu = doc.application("eu").orElseThrow();
        assertEquals("""
                name: eu
                route_prefix: /eu
                import_path: fruit:deployment_graph
                args:
                  currency: EUR
                deployments:
                - name: MangoStand
                  user_config:
                    price: 7
                  autoscaling_config:
                    min_replicas: 0
                    max_replicas: 3
                    target_num_ongoing_requests_per_replica: 4
                    smoothing_factor: 0.5
                    downscale_to_zero_delay_s: 60
                """, eu.toYaml());
        String printed = doc.applicationsYaml();
        assertEquals(2, printed.split("(?m)^---$").length, printed);
        assertTrue(printed.contains("max_concurrent_queries: 10"), "the alias stays as written:\n" + printed);
        assertEquals(doc, ConfigDocument.parseJson(doc.toJson()));
        assertEquals(doc, ConfigDocument.parseYaml(doc.toYaml()));
    }

    @Test
    void onlyTheKeysTheUserWroteAreKept() {
        ConfigDocument doc = valid("applications:\n- import_path: a.b\n");
        assertEquals(Map.of("applications", List.of(Map.of("import_path", "a.b"))), doc.written());
        assertEquals("{\"applications\":[{\"import_path\":\"a.b\"}]}", doc.toJson());
    }

    @Test
    void aPlaceThatTakesOneFormRefusesTheOtherWithOneLine() throws ConfigException {
        byte[] multi = FRUIT_AND_EU.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] single = Configs.resource("fruit_config.yaml").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ConfigException v1 = assertThrows(ConfigException.class,
                () -> ConfigDocument.parse(multi, "application/yaml", ConfigForm.SINGLE_APP));
        assertEquals("applications: is the multi-application form, which this place does not take; it takes Ray"
                + " 2.0's one-application form (import_path, deployments at the top)", v1.getMessage());
        ConfigException v2 = assertThrows(ConfigException.class,
                () -> ConfigDocument.parse(single, "application/yaml", ConfigForm.MULTI_APP));
        assertTrue(v2.getMessage().startsWith("applications: is required"), v2.getMessage());
        assertEquals(ConfigForm.MULTI_APP, ConfigDocument.parse(multi, "application/yaml", ConfigForm.MULTI_APP).form());
        assertEquals(ConfigForm.SINGLE_APP, ConfigDocument.parse(single, null).form());
    }

    @Test
    void anImportPathWithANameAndArgsIsAOneApplicationConfig() throws ConfigException {
        ConfigDocument doc = ConfigDocument.ofImportPath("fruit:deployment_graph", "eu",
                List.of("currency=EUR", "greeting=a=b", "empty="));
        assertEquals("{\"applications\":[{\"name\":\"eu\",\"import_path\":\"fruit:deployment_graph\",\"args\":"
                + "{\"currency\":\"EUR\",\"greeting\":\"a=b\",\"empty\":\"\"}}]}", doc.toJson());
        assertEquals("default", ConfigDocument.ofImportPath("a.b", null, List.of()).config().name());
        assertEquals("{\"applications\":[{\"import_path\":\"a.b\"}]}",
                ConfigDocument.ofImportPath("a.b", null, List.of()).toJson());
    }

    @Test
    void badArgumentsAndNamesOfAnImportPathAreRefusedEachOnItsLine() {
        ConfigException args = assertThrows(ConfigException.class,
                () -> ConfigDocument.ofImportPath("a.b", "x", List.of("price", "=7", "a=1", "a=2")));
        assertEquals("""
                args[0]: must be key=value (got 'price')
                args[1]: must be key=value (got '=7')
                args[3]: gives 'a' a second time""", args.getMessage());
        ConfigException name = assertThrows(ConfigException.class, () -> ConfigDocument.ofImportPath("nodots", "a b", List.of()));
        assertEquals(List.of("applications[0].name", "applications[0].import_path"),
                name.errors().stream().map(FieldError::path).toList());
    }
}
