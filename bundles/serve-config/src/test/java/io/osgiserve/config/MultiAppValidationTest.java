package io.osgiserve.config;

import static io.osgiserve.config.Configs.assertError;
import static io.osgiserve.config.Configs.errors;
import static io.osgiserve.config.Configs.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rule of current Ray's multi-application config ({@code ServeDeploySchema}), named after it. */
class MultiAppValidationTest {

    /** Two applications named {@code a} at {@code /a} and {@code b} at {@code /b}, each with one deployment {@code A}. */
    private static final String TWO_APPS = """
            applications:
            - name: a
              route_prefix: /a
              import_path: fruit:deployment_graph
              deployments:
              - name: A
            - name: b
              route_prefix: /b
              import_path: fruit:deployment_graph
            """;

    /** A one-application document whose application has the given lines (indented by the helper). */
    private static String app(String... lines) {
        StringBuilder yaml = new StringBuilder("applications:\n- import_path: fruit:deployment_graph\n");
        for (String line : lines) {
            yaml.append("  ").append(line).append('\n');
        }
        return yaml.toString();
    }

    /** A one-application document whose deployment {@code A} has the given lines. */
    private static String deployment(String... lines) {
        String[] indented = new String[lines.length + 2];
        indented[0] = "deployments:";
        indented[1] = "- name: A";
        for (int i = 0; i < lines.length; i++) {
            indented[i + 2] = "  " + lines[i];
        }
        return app(indented);
    }

    private static final String D = "applications[0].deployments[0].";

    @Test
    void theTwoApplicationExampleIsValid() {
        assertEquals(ConfigForm.MULTI_APP, valid(TWO_APPS).form());
    }

    @Test
    void applicationsIsRequired() {
        assertError("applications: null\nhttp_options: {port: 8001}\n", "applications", "is required");
    }

    @Test
    void anEmptyApplicationsListIsValid() {
        assertTrue(valid("applications: []\n").applications().isEmpty());
    }

    @Test
    void applicationNamesAreUnique() {
        assertError(TWO_APPS.replace("name: b", "name: a"), "applications[1].name",
                "duplicate application name 'a' (also applications[0])");
    }

    @Test
    void applicationNamesAreNonEmpty() {
        assertError(TWO_APPS.replace("name: b", "name: ''"), "applications[1].name", "must not be empty");
    }

    @Test
    void applicationNameDefaultsToDefaultSoTwoUnnamedApplicationsCollide() {
        String yaml = TWO_APPS.replace("- name: a\n", "-\n").replace("- name: b\n", "-\n");
        assertError(yaml, "applications[1].name", "duplicate application name 'default'");
        assertEquals("default", valid(TWO_APPS.replace("- name: a\n", "-\n")).applications().get(0).name());
    }

    @ParameterizedTest(name = "application name {0} is refused")
    @ValueSource(strings = {"'fruit stand'", "'a/b'", "'a.b'", "'%2e%2e'"})
    void applicationNamesAreLettersDigitsUnderscoresAndDashes(String name) {
        assertError(TWO_APPS.replace("name: b", "name: " + name), "applications[1].name",
                "must be 1 to 64 letters, digits, '_' or '-'");
    }

    @Test
    void routePrefixesAreUniqueAcrossApplications() {
        assertError(TWO_APPS.replace("route_prefix: /b", "route_prefix: /a"), "applications[1].route_prefix",
                "duplicate route_prefix '/a' (also applications[0])");
    }

    @Test
    void twoApplicationsThatOmitRoutePrefixCollideOnSlash() {
        String yaml = TWO_APPS.replace("  route_prefix: /a\n", "").replace("  route_prefix: /b\n", "");
        assertError(yaml, "applications[1].route_prefix", "duplicate route_prefix '/' (also applications[0]; a missing route_prefix is '/')");
    }

    @Test
    void nullRoutePrefixesMayRepeat() {
        ConfigDocument doc = valid(TWO_APPS.replace("route_prefix: /a", "route_prefix: null")
                .replace("route_prefix: /b", "route_prefix: null"));
        assertTrue(doc.applications().stream().allMatch(a -> a.routePrefix().isEmpty()));
    }

    @ParameterizedTest(name = "{0} inside an application is refused")
    @ValueSource(strings = {"host: 127.0.0.1", "port: 8001"})
    void hostAndPortInsideAnApplicationAreRefused(String line) {
        String field = line.substring(0, line.indexOf(':'));
        assertError(app(line), "applications[0]." + field, "set " + field + " under the top level's http_options only");
    }

    @Test
    void applicationRoutePrefixMustStartWithSlash() {
        assertError(app("route_prefix: fruit"), "applications[0].route_prefix", "must start with '/' (got 'fruit')");
    }

    @Test
    void applicationRoutePrefixMustNotEndWithSlashUnlessRoot() {
        assertError(app("route_prefix: /fruit/"), "applications[0].route_prefix", "must not end with '/'");
        valid(app("route_prefix: /"));
    }

    @Test
    void applicationRoutePrefixMustNotContainBraces() {
        assertError(app("route_prefix: /{id}"), "applications[0].route_prefix", "must not contain '{' or '}'");
    }

    @Test
    void importPathIsRequiredInEachApplication() {
        assertError("applications:\n- name: a\n", "applications[0].import_path", "is required");
    }

    @Test
    void importPathFollowsRaysRule() {
        assertError("applications:\n- import_path: nodots\n", "applications[0].import_path", "needs a ':' or a '.'");
    }

    @Test
    void argsMustBeAMapping() {
        assertError(app("args: [1, 2]"), "applications[0].args", "must be a mapping (got a list)");
        assertEquals(7, valid(app("args: {price: 7}")).config().args().get("price"));
    }

    @Test
    void aDeploymentHasNoRoutePrefixInTheMultiApplicationForm() {
        assertError(deployment("route_prefix: /mango"), D + "route_prefix", "move it to the application's route_prefix");
    }

    @ParameterizedTest(name = "num_replicas: {0} is refused")
    @CsvSource(delimiter = '|', value = {
        "0       | must be > 0 (got 0)",
        "-1      | must be > 0 (got -1)",
        "many    | must be an integer > 0 or \"auto\" (got string \"many\")",
        "1.5     | must be an integer > 0 or \"auto\" (got number 1.5)",
    })
    void numReplicasIsAPositiveIntegerOrAuto(String value, String message) {
        assertError(deployment("num_replicas: " + value), D + "num_replicas", message);
        valid(deployment("num_replicas: auto"));
        valid(deployment("num_replicas: 1"));
    }

    @Test
    void anIntegerNumReplicasWithAutoscalingConfigIsAnError() {
        assertError(deployment("num_replicas: 2", "autoscaling_config: {max_replicas: 3}"), D + "num_replicas",
                "Manually setting num_replicas is not allowed when autoscaling_config is provided.");
        valid(deployment("num_replicas: auto", "autoscaling_config: {max_replicas: 3}"));
    }

    @ParameterizedTest(name = "{0}: {1} is refused with ''{2}''")
    @CsvSource(delimiter = '|', value = {
        "max_ongoing_requests          | 0    | must be > 0 (got 0)",
        "max_concurrent_queries        | 0    | must be > 0 (got 0)",
        "max_queued_requests           | 0    | must be > 0, or -1 for the node's limit (got 0)",
        "max_queued_requests           | -2   | must be > 0, or -1 for the node's limit (got -2)",
        "graceful_shutdown_wait_loop_s | -1   | must be >= 0 (got -1)",
        "graceful_shutdown_timeout_s   | -0.5 | must be >= 0 (got -0.5)",
        "health_check_period_s         | 0    | must be > 0 (got 0)",
        "health_check_timeout_s        | 0.0  | must be > 0 (got 0.0)",
        "rolling_update_percentage     | 0    | must be > 0 and <= 1 (got 0)",
        "rolling_update_percentage     | 1.5  | must be > 0 and <= 1 (got 1.5)",
    })
    void deploymentOptionBoundsAreEnforced(String field, String value, String message) {
        assertError(deployment(field + ": " + value), D + field, message);
    }

    @ParameterizedTest(name = "{0}: {1} is accepted at the bound")
    @CsvSource(delimiter = '|', value = {
        "max_ongoing_requests      | 1",
        "max_queued_requests       | -1",
        "max_queued_requests       | 1",
        "rolling_update_percentage | 1",
        "rolling_update_percentage | 0.01",
    })
    void deploymentOptionBoundsAreInclusiveWhereTheyShouldBe(String field, String value) {
        valid(deployment(field + ": " + value));
    }

    @ParameterizedTest(name = "autoscaling_config.{0}: {1} is refused with ''{2}''")
    @CsvSource(delimiter = '|', value = {
        "min_replicas              | -1   | must be >= 0 (got -1)",
        "max_replicas              | 0    | must be > 0 (got 0)",
        "target_ongoing_requests   | 0    | must be > 0 (got 0)",
        "metrics_interval_s        | 0    | must be > 0 (got 0)",
        "look_back_period_s        | -1   | must be > 0 (got -1)",
        "smoothing_factor          | 0    | must be > 0 (got 0)",
        "upscaling_factor          | 0.0  | must be > 0 (got 0.0)",
        "downscaling_factor        | -1   | must be > 0 (got -1)",
        "upscale_delay_s           | -1   | must be >= 0 (got -1)",
        "downscale_delay_s         | -0.1 | must be >= 0 (got -0.1)",
        "downscale_to_zero_delay_s | -1   | must be >= 0 (got -1)",
        "aggregation_function      | p99  | must be one of max, mean, min (got 'p99')",
    })
    void autoscalingBoundsAreEnforced(String field, String value, String message) {
        String bound = field.equals("max_replicas") ? "  min_replicas: 0" : "  max_replicas: 5";
        assertError(deployment("autoscaling_config:", bound, "  " + field + ": " + value),
                D + "autoscaling_config." + field, message);
    }

    @Test
    void autoscalingMinAtMostInitialAtMostMax() {
        String a = D + "autoscaling_config.";
        assertError(deployment("autoscaling_config: {min_replicas: 2, initial_replicas: 1, max_replicas: 4}"),
                a + "initial_replicas", "must be between min_replicas (2) and max_replicas (4) (got 1)");
        assertError(deployment("autoscaling_config: {min_replicas: 2, initial_replicas: 5, max_replicas: 4}"),
                a + "initial_replicas", "must be between min_replicas (2) and max_replicas (4) (got 5)");
        assertError(deployment("autoscaling_config: {min_replicas: 5, max_replicas: 4}"),
                a + "max_replicas", "must be >= min_replicas (5) (got 4)");
        valid(deployment("autoscaling_config: {min_replicas: 0, initial_replicas: 0, max_replicas: 4}"));
    }

    @Test
    void autoNumReplicasBoundsDefaultToOneAndAHundred() {
        valid(deployment("num_replicas: auto", "autoscaling_config: {min_replicas: 50}"));
        assertError(deployment("autoscaling_config: {min_replicas: 50}"), D + "autoscaling_config.max_replicas",
                "it defaults to 1, so write it");
    }

    @Test
    void targetCapacityIsBetweenZeroAndAHundred() {
        assertError("target_capacity: 101\napplications: []\n", "target_capacity", "must be between 0 and 100 (got 101)");
        assertError("target_capacity: -1\napplications: []\n", "target_capacity", "must be between 0 and 100 (got -1)");
        valid("target_capacity: null\napplications: []\n");
    }

    @Test
    void proxyLocationIsEveryNodeHeadOnlyOrDisabled() {
        assertError("proxy_location: Everywhere\napplications: []\n", "proxy_location",
                "must be one of Disabled, EveryNode, HeadOnly (got 'Everywhere')");
        valid("proxy_location: EveryNode\napplications: []\n");
        valid("proxy_location: HeadOnly\napplications: []\n");
    }

    @Test
    void httpOptionsHostAndPortAreChecked() {
        assertError("http_options: {port: 0}\napplications: []\n", "http_options.port", "must be between 1 and 65535 (got 0)");
        assertError("http_options: {host: ''}\napplications: []\n", "http_options.host", "must not be empty");
        ConfigDocument doc = valid("http_options: {host: 127.0.0.1, port: 8001}\napplications: []\n");
        assertEquals(List.of("127.0.0.1", 8001), List.of(doc.httpOptions().host(), doc.httpOptions().port()));
    }

    @Test
    void sslKeyfileAndCertfileGoTogether() {
        assertError("http_options: {ssl_certfile: /etc/cert.pem}\napplications: []\n", "http_options.ssl_keyfile",
                "write both or neither");
    }

    @Test
    void loggingConfigEncodingAndLevelAreChecked() {
        assertError("logging_config: {encoding: XML}\napplications: []\n", "logging_config.encoding",
                "must be one of JSON, TEXT (got 'XML')");
        assertError("logging_config: {log_level: LOUD}\napplications: []\n", "logging_config.log_level", "must be one of");
        assertError(app("logging_config: {log_level: 15}"), "applications[0].logging_config.log_level",
                "must be a level name or one of 0, 10, 20, 30, 40, 50 (got 15)");
    }

    @ParameterizedTest(name = "{0} and {1} together are refused")
    @CsvSource(delimiter = '|', value = {
        "max_concurrent_queries: 5                     | max_ongoing_requests: 5    | max_concurrent_queries",
        "autoscaling_config: {target_num_ongoing_requests_per_replica: 1, target_ongoing_requests: 1} | '' | autoscaling_config.target_num_ongoing_requests_per_replica",
    })
    void aTwoZeroNameAndItsCurrentNameAreNotBothWritten(String first, String second, String path) {
        String[] lines = second.isEmpty() ? new String[] {first} : new String[] {first, second};
        assertError(deployment(lines), D + path, "is Ray 2.0's name of");
    }

    @Test
    void fieldsOfTheTwoZeroDocumentAreRefusedAtTheTopOfTheMultiApplicationForm() {
        assertError("import_path: fruit:deployment_graph\napplications: []\n", "import_path",
                "belongs inside an application in the multi-application form");
        assertError("port: 8001\napplications: []\n", "port", "host and port go under http_options");
    }

    @Test
    void fieldsOfTheMultiApplicationFormAreRefusedInTheTwoZeroForm() {
        assertError("import_path: fruit:deployment_graph\nhttp_options: {port: 8001}\n", "http_options",
                "belongs to the multi-application form");
    }

    @Test
    void unknownFieldsAreRefusedWithTheirPathAtEveryLevel() {
        List<FieldError> errors = errors("""
                applications:
                - import_path: fruit:deployment_graph
                  nmae: a
                  deployments:
                  - name: A
                    max_ongoing_request: 3
                    autoscaling_config: {min_replica: 1}
                http_option: {}
                """);
        List<String> paths = errors.stream().map(FieldError::path).toList();
        assertEquals(List.of("http_option", "applications[0].nmae", D + "max_ongoing_request",
                D + "autoscaling_config.min_replica"), paths, errors.toString());
        assertTrue(errors.get(1).message().contains("did you mean 'name'?"), errors.get(1).message());
    }

    @Test
    void tooManyApplicationsAreRefused() {
        StringBuilder yaml = new StringBuilder("applications:\n");
        for (int i = 0; i <= Defaults.MAX_APPLICATIONS; i++) {
            yaml.append("- {name: a").append(i).append(", route_prefix: /a").append(i).append(", import_path: a.b}\n");
        }
        assertError(yaml.toString(), "applications", "lists 101 applications; the limit is 100");
    }

    @Test
    void everyProblemOfEveryApplicationIsReportedAtOnce() {
        List<FieldError> errors = errors(TWO_APPS.replace("route_prefix: /b", "route_prefix: b")
                .replace("- name: A", "- name: A\n    num_replicas: 0"));
        assertEquals(List.of("applications[0].deployments[0].num_replicas", "applications[1].route_prefix"),
                errors.stream().map(FieldError::path).toList());
    }

    static Stream<Arguments> nullsRaysSchemaRefuses() {
        return Stream.of(
                Arguments.of("http_options: {port: null}\napplications: []\n", "http_options.port"),
                Arguments.of("proxy_location: null\napplications: []\n", "proxy_location"),
                Arguments.of(app("args: null"), "applications[0].args"),
                Arguments.of(app("name: null"), "applications[0].name"),
                Arguments.of(app("runtime_env: null"), "applications[0].runtime_env"),
                Arguments.of(deployment("max_ongoing_requests: null"), D + "max_ongoing_requests"),
                Arguments.of(deployment("graceful_shutdown_wait_loop_s: null"), D + "graceful_shutdown_wait_loop_s"),
                Arguments.of(deployment("ray_actor_options: null"), D + "ray_actor_options"),
                Arguments.of(deployment("autoscaling_config: {max_replicas: null}"), D + "autoscaling_config.max_replicas"));
    }

    @ParameterizedTest(name = "{1}: null is refused")
    @MethodSource("nullsRaysSchemaRefuses")
    void nullIsRefusedWhereCurrentRaysSchemaTakesNone(String yaml, String path) {
        assertError(yaml, path, "must not be null; leave it out for its default");
    }

    @Test
    void nullIsTakenWhereCurrentRaysSchemaTakesIt() {
        ConfigDocument doc = valid(app("route_prefix: null", "deployments:", "- name: A", "  num_replicas: null",
                "  user_config: null", "  autoscaling_config: {max_replicas: 2, initial_replicas: null,"
                        + " downscale_to_zero_delay_s: null}") + "target_capacity: null\n");
        assertEquals(Optional.empty(), doc.config().routePrefix());
    }
}
