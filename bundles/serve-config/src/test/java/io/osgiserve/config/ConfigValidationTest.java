package io.osgiserve.config;

import static io.osgiserve.config.Configs.IMPORT;
import static io.osgiserve.config.Configs.assertError;
import static io.osgiserve.config.Configs.deployment;
import static io.osgiserve.config.Configs.errors;
import static io.osgiserve.config.Configs.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValidationTest {

    @ParameterizedTest(name = "{0}: {1} is refused with ''{2}''")
    @CsvSource(delimiter = '|', value = {
        "num_replicas                  | 0    | must be > 0 (got 0)",
        "num_replicas                  | -1   | must be > 0 (got -1)",
        "max_concurrent_queries        | 0    | must be > 0 (got 0)",
        "max_queued_requests           | 0    | must be > 0, or -1 for the node's limit (got 0)",
        "max_queued_requests           | -2   | must be > 0, or -1 for the node's limit (got -2)",
        "graceful_shutdown_wait_loop_s | -0.5 | must be >= 0 (got -0.5)",
        "graceful_shutdown_timeout_s   | -1   | must be >= 0 (got -1)",
        "health_check_period_s         | 0    | must be > 0 (got 0)",
        "health_check_period_s         | -2.5 | must be > 0 (got -2.5)",
        "health_check_timeout_s        | 0.0  | must be > 0 (got 0.0)",
    })
    void deploymentBoundIsEnforced(String field, String value, String message) {
        assertError(deployment(field + ": " + value), "deployments[0]." + field, message);
    }

    @ParameterizedTest(name = "{0}: {1} is accepted at the bound")
    @CsvSource(delimiter = '|', value = {
        "num_replicas                  | 1",
        "max_concurrent_queries        | 1",
        "max_queued_requests           | 1",
        "max_queued_requests           | -1",
        "graceful_shutdown_wait_loop_s | 0",
        "graceful_shutdown_timeout_s   | 0.0",
        "health_check_period_s         | 0.1",
        "health_check_timeout_s        | 1",
    })
    void deploymentBoundIsInclusiveWhereItShouldBe(String field, String value) {
        valid(deployment(field + ": " + value));
    }

    @ParameterizedTest(name = "autoscaling_config.{0}: {1} is refused with ''{2}''")
    @CsvSource(delimiter = '|', value = {
        "min_replicas                           | -1  | must be >= 0 (got -1)",
        "max_replicas                           | 0   | must be > 0 (got 0)",
        "target_num_ongoing_requests_per_replica | 0  | must be > 0 (got 0)",
        "metrics_interval_s                     | 0   | must be > 0 (got 0)",
        "look_back_period_s                     | -1  | must be > 0 (got -1)",
        "smoothing_factor                       | 0.0 | must be > 0 (got 0.0)",
        "upscale_delay_s                        | -1  | must be >= 0 (got -1)",
        "downscale_delay_s                      | -0.1 | must be >= 0 (got -0.1)",
    })
    void autoscalingBoundIsEnforced(String field, String value, String message) {
        assertError(deployment("autoscaling_config:", "  " + field + ": " + value),
                "deployments[0].autoscaling_config." + field, message);
    }

    @Test
    void autoscalingZeroMinReplicasAndZeroDelaysAreAllowed() {
        DeploymentConfig d = valid(deployment("autoscaling_config:", "  min_replicas: 0", "  max_replicas: 3",
                "  upscale_delay_s: 0", "  downscale_delay_s: 0")).config().deployment("A").orElseThrow();
        AutoscalingConfig a = d.autoscalingConfig().orElseThrow();
        assertEquals(0, a.minReplicas());
        assertEquals(3, a.maxReplicas());
        assertEquals(0.0, a.upscaleDelayS());
        assertEquals(Defaults.METRICS_INTERVAL_S, a.metricsIntervalS());
    }

    @Test
    void autoscalingMaxReplicasBelowMinReplicasIsRefused() {
        assertError(deployment("autoscaling_config:", "  min_replicas: 5", "  max_replicas: 2"),
                "deployments[0].autoscaling_config.max_replicas", "must be >= min_replicas (5) (got 2)");
    }

    @Test
    void autoscalingMinReplicasAboveTheDefaultMaxNeedsMaxWritten() {
        assertError(deployment("autoscaling_config:", "  min_replicas: 3"),
                "deployments[0].autoscaling_config.max_replicas", "defaults to 1");
    }

    @Test
    void numReplicasWithAutoscalingConfigIsRefused() {
        assertError(deployment("num_replicas: 2", "autoscaling_config:", "  max_replicas: 4"),
                "deployments[0].num_replicas",
                "Manually setting num_replicas is not allowed when autoscaling_config is provided.");
    }

    @Test
    void numReplicasBesideNullAutoscalingConfigIsAllowed() {
        valid(deployment("num_replicas: 2", "autoscaling_config: null"));
        valid(deployment("num_replicas: null", "autoscaling_config: {max_replicas: 3}"));
    }

    @Test
    void routePrefixMustStartWithSlash() {
        assertError(deployment("route_prefix: fruit"), "deployments[0].route_prefix", "must start with '/' (got 'fruit')");
    }

    @Test
    void routePrefixMustNotEndWithSlashUnlessRoot() {
        assertError(deployment("route_prefix: /fruit/"), "deployments[0].route_prefix",
                "must not end with '/' unless it is exactly '/'");
        valid(deployment("route_prefix: /"));
        valid(deployment("route_prefix: /fruit/stand"));
    }

    @ParameterizedTest(name = "route_prefix {0} with a brace is refused")
    @ValueSource(strings = {"/{id}", "/a{", "/b}"})
    void routePrefixMustNotContainBraces(String route) {
        assertError(deployment("route_prefix: '" + route + "'"), "deployments[0].route_prefix",
                "must not contain '{' or '}'");
    }

    @Test
    void routePrefixNullMeansNotReachableOverHttp() {
        DeploymentConfig d = valid(deployment("route_prefix: null")).config().deployment("A").orElseThrow();
        assertTrue(d.routePrefixWritten());
        assertTrue(d.routePrefix().isEmpty());
        DeploymentConfig unwritten = valid(deployment("num_replicas: 1")).config().deployment("A").orElseThrow();
        assertFalse(unwritten.routePrefixWritten());
    }

    @Test
    void unknownTopLevelFieldIsRefusedWithDidYouMean() {
        assertError(IMPORT + "deploymnets: []\n", "deploymnets", "unknown field; did you mean 'deployments'?");
        assertError(IMPORT + "runtimeenv: {}\n", "runtimeenv", "did you mean 'runtime_env'?");
    }

    @Test
    void unknownFieldFarFromAnyKnownOneListsTheKnownFields() {
        assertError(IMPORT + "flavour: mango\n", "flavour", "unknown field (known: import_path, runtime_env");
    }

    @Test
    void unknownDeploymentFieldIsRefusedWithDidYouMean() {
        assertError(deployment("num_replica: 2"), "deployments[0].num_replica",
                "unknown field; did you mean 'num_replicas'?");
        assertError(deployment("user_cofnig: {}"), "deployments[0].user_cofnig", "did you mean 'user_config'?");
    }

    @Test
    void unknownRayActorOptionsFieldIsRefusedWithDidYouMean() {
        assertError(deployment("ray_actor_options:", "  num_cpu: 1"),
                "deployments[0].ray_actor_options.num_cpu", "did you mean 'num_cpus'?");
        assertError(deployment("ray_actor_options:", "  max_restarts: 1"),
                "deployments[0].ray_actor_options.max_restarts", "unknown field (known: runtime_env, num_cpus");
    }

    @Test
    void rayActorOptionsAllowedKeysAreAccepted() {
        valid(deployment("ray_actor_options:", "  num_cpus: 0.5", "  num_gpus: 0", "  memory: 1000000",
                "  object_store_memory: 0", "  resources: {custom: 1}", "  accelerator_type: V100",
                "  runtime_env: {env_vars: {A: b}}"));
    }

    @Test
    void rayActorOptionsNumbersMustNotBeNegative() {
        assertError(deployment("ray_actor_options:", "  num_gpus: -1"),
                "deployments[0].ray_actor_options.num_gpus", "must be >= 0 (got -1)");
    }

    @Test
    void unknownAutoscalingFieldIsRefusedWithDidYouMean() {
        assertError(deployment("autoscaling_config:", "  max_replica: 2"),
                "deployments[0].autoscaling_config.max_replica", "did you mean 'max_replicas'?");
    }

    @Test
    void unknownRuntimeEnvFieldIsRefused() {
        assertError(IMPORT + "runtime_env:\n  pip: [requests]\n", "runtime_env.pip", "unknown field");
        assertError(IMPORT + "runtime_env:\n  working_dri: 'file:/x'\n", "runtime_env.working_dri",
                "did you mean 'working_dir'?");
    }

    @Test
    void duplicateDeploymentNameIsRefused() {
        String yaml = IMPORT + "deployments:\n- name: A\n- name: B\n- name: A\n";
        assertError(yaml, "deployments[2].name", "duplicate deployment name 'A' (also deployments[0])");
    }

    @Test
    void deploymentNameIsRequired() {
        assertError(IMPORT + "deployments:\n- num_replicas: 2\n", "deployments[0].name", "is required");
        assertError(IMPORT + "deployments:\n- name: ''\n", "deployments[0].name", "must not be empty");
    }

    @ParameterizedTest(name = "{0}: {1} is refused as not {2}")
    @CsvSource(delimiter = '|', value = {
        "num_replicas                  | two        | must be an integer (got string \"two\")",
        "num_replicas                  | 2.5        | must be an integer (got number 2.5)",
        "num_replicas                  | true       | must be an integer (got boolean true)",
        "max_concurrent_queries        | '\"100\"'  | must be an integer (got string \"100\")",
        "route_prefix                  | 5          | must be a string (got integer 5)",
        "user_config                   | [1, 2]     | must be a mapping (got a list)",
        "user_config                   | price      | must be a mapping (got string \"price\")",
        "autoscaling_config            | 3          | must be a mapping (got integer 3)",
        "graceful_shutdown_timeout_s   | soon       | must be a number (got string \"soon\")",
        "health_check_period_s         | [1]        | must be a number (got a list)",
        "ray_actor_options             | cpu        | must be a mapping (got string \"cpu\")",
    })
    void wrongTypeIsRefusedNamingTheExpectedType(String field, String value, String message) {
        assertError(deployment(field + ": " + value), "deployments[0]." + field, message);
    }

    @Test
    void wrongTopLevelTypesAreRefused() {
        assertError(IMPORT + "deployments: {name: A}\n", "deployments", "must be a list (got a mapping)");
        assertError(IMPORT + "deployments:\n- A\n", "deployments[0]", "must be a mapping (got string \"A\")");
        assertError(IMPORT + "runtime_env: [a]\n", "runtime_env", "must be a mapping (got a list)");
        assertError("- a\n- b\n", "document", "must be a mapping of fields (got a list)");
    }

    @Test
    void numberTooLargeForAnIntegerIsRefused() {
        assertError(deployment("num_replicas: 3000000000"), "deployments[0].num_replicas",
                "must be an integer between");
    }

    @Test
    void hostMustBeAString() {
        assertError(IMPORT + "host: 127\n", "host", "must be a string (got integer 127)");
        assertError(IMPORT + "host: ''\n", "host", "must not be empty");
    }

    @ParameterizedTest(name = "port {0} is refused")
    @ValueSource(strings = {"0", "65536", "-1"})
    void portMustBeBetween1And65535(String port) {
        assertError(IMPORT + "port: " + port + "\n", "port", "must be between 1 and 65535 (got " + port + ")");
    }

    @Test
    void portMustBeAnInteger() {
        assertError(IMPORT + "port: http\n", "port", "must be an integer (got string \"http\")");
    }

    @Test
    void hostAndPortDefaultsApplyUnlessWritten() {
        AppConfig defaults = valid(IMPORT).config();
        assertEquals(Defaults.HOST, defaults.host());
        assertEquals(Defaults.PORT, defaults.port());
        assertFalse(defaults.hostWritten());
        assertFalse(defaults.portWritten());
        AppConfig written = valid(IMPORT + "host: 127.0.0.1\nport: 8001\n").config();
        assertEquals("127.0.0.1", written.host());
        assertEquals(8001, written.port());
        assertTrue(written.hostWritten());
        assertTrue(written.portWritten());
    }

    @Test
    void workingDirDotIsRefusedSuggestingAFileUri() {
        assertError(IMPORT + "runtime_env:\n  working_dir: .\n", "runtime_env.working_dir",
                "must be a URI with a scheme (file:, http:, https: or mvn:); for a local path write 'file:/");
    }

    @Test
    void workingDirWithAnUnsupportedSchemeIsRefused() {
        assertError(IMPORT + "runtime_env:\n  working_dir: 's3://bucket/app.zip'\n", "runtime_env.working_dir",
                "scheme 's3:' is not supported");
    }

    @Test
    void bundlesEntriesMustBeUris() {
        assertError(IMPORT + "runtime_env:\n  bundles: ['mvn:io.x/app/1.0', lib/app.jar]\n",
                "runtime_env.bundles[1]", "must be a URI with a scheme");
        assertError(IMPORT + "runtime_env:\n  py_modules: [./mod]\n", "runtime_env.py_modules[0]",
                "must be a URI with a scheme");
    }

    @Test
    void runtimeEnvUrisAndAliasAreRead() {
        RuntimeEnv env = valid(IMPORT + "runtime_env:\n"
                + "  working_dir: 'https://github.com/ray-project/serve_config_examples/archive/HEAD.zip'\n"
                + "  py_modules: ['file:/opt/lib/a.jar', 'mvn:io.osgiserve/serve-example-fruit/0.1.0']\n"
                + "  env_vars: {MODE: prod}\n").config().runtimeEnv();
        assertEquals("https://github.com/ray-project/serve_config_examples/archive/HEAD.zip",
                env.workingDir().orElseThrow());
        assertEquals(List.of("file:/opt/lib/a.jar", "mvn:io.osgiserve/serve-example-fruit/0.1.0"), env.bundles());
        assertEquals("prod", env.envVars().get("MODE"));
        assertFalse(env.isEmpty());
    }

    @Test
    void bundlesAndItsAliasPyModulesTogetherAreRefused() {
        assertError(IMPORT + "runtime_env:\n  bundles: ['file:/a.jar']\n  py_modules: ['file:/b.jar']\n",
                "runtime_env.py_modules", "is an alias of bundles");
    }

    @Test
    void envVarsValuesMustBeStrings() {
        assertError(IMPORT + "runtime_env:\n  env_vars: {PORT: 8080}\n", "runtime_env.env_vars.PORT",
                "must be a string (got integer 8080)");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String yaml = "import_path: nodots\n"
                + "deployments:\n"
                + "- name: A\n  num_replicas: 0\n"
                + "- name: B\n  route_prefix: fruit\n  colour: red\n";
        List<FieldError> errors = errors(yaml);
        assertEquals(List.of("import_path", "deployments[0].num_replicas", "deployments[1].colour",
                "deployments[1].route_prefix"), errors.stream().map(FieldError::path).toList());
    }

    @Test
    void errorMessageIsOneLinePerProblem() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigDocument.parseYaml("import_path: nodots\nport: 0\n"));
        assertEquals(2, e.getMessage().lines().count());
        assertTrue(e.getMessage().startsWith("import_path: "));
        assertEquals("port: must be between 1 and 65535 (got 0)", e.getMessage().lines().toList().get(1));
        assertEquals(0, e.getStackTrace().length, "a user's error carries no stack trace");
    }
}
