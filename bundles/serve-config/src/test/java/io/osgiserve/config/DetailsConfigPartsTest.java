package io.osgiserve.config;

import static io.osgiserve.config.Configs.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The config parts of the details document, checked against the key sets of Ray 2.58's client, written
 * down once here: it forbids unknown keys at the instance, application and deployment levels and requires
 * its keys there, and it refuses null where its schema takes none.
 */
class DetailsConfigPartsTest {

    // ServeInstanceDetails, ApplicationDetails, DeploymentDetails: the required keys (optional ones left out)
    private static final Set<String> RAY_INSTANCE = Set.of("controller_info", "proxy_location", "http_options",
            "grpc_options", "proxies", "deploy_mode", "applications", "target_capacity");
    private static final Set<String> RAY_APPLICATION = Set.of("name", "route_prefix", "docs_path", "status", "message",
            "last_deployed_time_s", "deployed_app_config", "source", "deployments", "external_scaler_enabled");
    private static final Set<String> RAY_DEPLOYMENT = Set.of("name", "status", "status_trigger", "message",
            "deployment_config", "target_num_replicas", "required_resources", "replicas", "recent_dead_replicas");
    // the schemas inside them: DeploymentSchema (deployment_config), ServeApplicationSchema (deployed_app_config)
    private static final Set<String> RAY_DEPLOYMENT_SCHEMA = Set.of("name", "num_replicas", "max_ongoing_requests",
            "max_queued_requests", "user_config", "autoscaling_config", "graceful_shutdown_wait_loop_s",
            "graceful_shutdown_timeout_s", "health_check_period_s", "health_check_timeout_s", "ray_actor_options",
            "placement_group_bundles", "placement_group_strategy", "max_replicas_per_node", "logging_config",
            "request_router_config");
    private static final Set<String> RAY_DEPLOYMENT_SCHEMA_NULLABLE = Set.of("num_replicas", "user_config",
            "autoscaling_config");
    private static final Set<String> RAY_APPLICATION_SCHEMA = Set.of("name", "route_prefix", "import_path",
            "runtime_env", "host", "port", "deployments", "autoscaling_policy", "args", "logging_config",
            "external_scaler_enabled");
    private static final Set<String> RAY_HTTP_OPTIONS = Set.of("host", "port", "root_path", "request_timeout_s",
            "keep_alive_timeout_s", "ssl_keyfile", "ssl_certfile", "ssl_keyfile_password", "ssl_ca_certs");

    private static Set<String> minus(Set<String> all, Set<String> part) {
        Set<String> rest = new HashSet<>(all);
        rest.removeAll(part);
        return rest;
    }

    @Test
    void thePartsFillOnlyKeysRaysClientKnowsAndLeaveTheRuntimeItsOwn() {
        assertTrue(RAY_INSTANCE.containsAll(DetailsConfigParts.INSTANCE_KEYS));
        assertTrue(RAY_APPLICATION.containsAll(DetailsConfigParts.APPLICATION_KEYS));
        assertTrue(RAY_DEPLOYMENT.containsAll(DetailsConfigParts.DEPLOYMENT_KEYS));
        assertEquals(Set.of("controller_info", "proxies", "deploy_mode", "applications"),
                minus(RAY_INSTANCE, DetailsConfigParts.INSTANCE_KEYS));
        assertEquals(Set.of("status", "message", "last_deployed_time_s", "deployments"),
                minus(RAY_APPLICATION, DetailsConfigParts.APPLICATION_KEYS));
        assertEquals(Set.of("status", "status_trigger", "message", "target_num_replicas", "required_resources",
                "replicas", "recent_dead_replicas"), minus(RAY_DEPLOYMENT, DetailsConfigParts.DEPLOYMENT_KEYS));
    }

    @Test
    void theInstancePartsOfAMultiApplicationDocument() {
        Map<String, Object> parts = DetailsConfigParts.instance(valid(MultiAppConfigTest.FRUIT_AND_EU));
        assertEquals(DetailsConfigParts.INSTANCE_KEYS, parts.keySet());
        assertEquals("EveryNode", parts.get("proxy_location"));
        @SuppressWarnings("unchecked")
        Map<String, Object> http = (Map<String, Object>) parts.get("http_options");
        assertEquals(RAY_HTTP_OPTIONS, http.keySet());
        assertEquals(List.of("127.0.0.1", 8001, "", 90), List.of(http.get("host"), http.get("port"),
                http.get("root_path"), http.get("keep_alive_timeout_s")));
        assertEquals(Map.of("port", 9000, "grpc_servicer_functions", List.of()),
                withoutNulls(parts.get("grpc_options")));
        assertNull(parts.get("target_capacity"));
    }

    @Test
    void theInstancePartsWithNothingDeployedAreTheDefaults() {
        Map<String, Object> parts = DetailsConfigParts.instance(null);
        assertEquals(DetailsConfigParts.INSTANCE_KEYS, parts.keySet());
        @SuppressWarnings("unchecked")
        Map<String, Object> http = (Map<String, Object>) parts.get("http_options");
        assertEquals(List.of(Defaults.HOST, Defaults.PORT), List.of(http.get("host"), http.get("port")));
    }

    @Test
    void anApplicationsPartsEchoWhatTheUserWrote() {
        AppConfig eu = valid(MultiAppConfigTest.FRUIT_AND_EU).application("eu").orElseThrow();
        Map<String, Object> parts = DetailsConfigParts.application(eu, "/eu", DetailsConfigParts.Source.DECLARATIVE);
        assertEquals(DetailsConfigParts.APPLICATION_KEYS, parts.keySet());
        assertEquals("eu", parts.get("name"));
        assertEquals("declarative", parts.get("source"));
        assertEquals(false, parts.get("external_scaler_enabled"));
        assertEquals(eu.written(), parts.get("deployed_app_config"));
    }

    @Test
    void aTwoZeroApplicationIsEchoedInTheCurrentSchema() {
        AppConfig seed = valid(Configs.resource("fruit_config.yaml")).config();
        @SuppressWarnings("unchecked")
        Map<String, Object> echo = (Map<String, Object>) DetailsConfigParts.application(seed, "/",
                DetailsConfigParts.Source.IMPERATIVE).get("deployed_app_config");
        assertTrue(RAY_APPLICATION_SCHEMA.containsAll(echo.keySet()), echo.keySet().toString());
        assertEquals(List.of("import_path", "runtime_env", "deployments"), List.copyOf(echo.keySet()));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> deployments = (List<Map<String, Object>>) echo.get("deployments");
        Map<String, Object> mango = deployments.get(0);
        assertTrue(RAY_DEPLOYMENT_SCHEMA.containsAll(mango.keySet()), mango.keySet().toString());
        assertEquals(100, mango.get("max_ongoing_requests"));
        assertEquals(Map.of("price", 3), mango.get("user_config"));
        assertFalse(mango.containsKey("ray_actor_options"), "the seed's ray_actor_options: null is left out");
        for (Map<String, Object> d : deployments) {
            d.forEach((key, value) -> assertTrue(value != null || RAY_DEPLOYMENT_SCHEMA_NULLABLE.contains(key), key));
        }
    }

    @Test
    void aDeploymentConfigHasEveryOptionWithItsDefaultAndNoNullRaysSchemaRefuses() {
        DeploymentConfig mango = valid(MultiAppConfigTest.FRUIT_AND_EU).application("fruit").orElseThrow()
                .deployment("MangoStand").orElseThrow();
        Map<String, Object> parts = DetailsConfigParts.deployment(mango);
        assertEquals(DetailsConfigParts.DEPLOYMENT_KEYS, parts.keySet());
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) parts.get("deployment_config");
        Set<String> extras = minus(config.keySet(), RAY_DEPLOYMENT_SCHEMA);
        assertEquals(Set.of("rolling_update_percentage"), extras, "our only extra, which deployment_config allows");
        config.forEach((key, value) -> assertTrue(value != null || RAY_DEPLOYMENT_SCHEMA_NULLABLE.contains(key), key));
        assertEquals(2, config.get("num_replicas"));
        assertEquals(10, config.get("max_ongoing_requests"));
        assertEquals(Defaults.HEALTH_CHECK_PERIOD_S, config.get("health_check_period_s"));
        assertFalse(config.containsKey("ray_actor_options"));
    }

    @Test
    void anAutoscaledDeploymentShowsItsAutoscalingConfigInsteadOfNumReplicas() {
        DeploymentConfig mango = valid(MultiAppConfigTest.FRUIT_AND_EU).application("eu").orElseThrow()
                .deployment("MangoStand").orElseThrow();
        Map<String, Object> config = DetailsConfigParts.deploymentConfig(mango);
        assertFalse(config.containsKey("num_replicas"));
        @SuppressWarnings("unchecked")
        Map<String, Object> autoscaling = (Map<String, Object>) config.get("autoscaling_config");
        assertEquals(0, autoscaling.get("min_replicas"));
        assertEquals(4.0, autoscaling.get("target_ongoing_requests"));
        assertEquals(5, config.get("max_ongoing_requests"));
    }

    private static Map<Object, Object> withoutNulls(Object map) {
        Map<Object, Object> copy = new java.util.LinkedHashMap<>((Map<?, ?>) map);
        copy.values().removeIf(java.util.Objects::isNull);
        return copy;
    }
}
