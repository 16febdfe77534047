package io.osgiserve.config;

import static io.osgiserve.config.Configs.assertError;
import static io.osgiserve.config.Configs.valid;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A field of current Ray's config that the node does not act on is refused, naming it, unless its value
 * asks for nothing; it is never silently ignored (ray-project/ray#35603).
 */
class NotActedOnTest {

    private static final String APP = "applications:\n- import_path: fruit:deployment_graph\n";

    @Test
    void nonEmptyGrpcOptionsIsRefusedNamingTheField() {
        assertError("grpc_options:\n  grpc_servicer_functions: [fruit_pb2_grpc.add_FruitServicer_to_server]\n" + APP,
                "grpc_options.grpc_servicer_functions", "is not acted on by this node (this node serves HTTP only, no gRPC)");
        assertError("grpc_options: {port: 9001}\n" + APP, "grpc_options.port", "remove it or write 9000 (got 9001)");
    }

    /** What {@code serve build} of current Ray writes: every field at its default. */
    @Test
    void theDefaultsThatServeBuildWritesAreAccepted() {
        valid("""
                proxy_location: EveryNode
                http_options:
                  host: 0.0.0.0
                  port: 8000
                grpc_options:
                  port: 9000
                  grpc_servicer_functions: []
                logging_config:
                  encoding: TEXT
                  log_level: INFO
                  logs_dir: null
                  enable_access_log: true
                  additional_log_standard_attrs: []
                applications:
                - name: app1
                  route_prefix: /
                  import_path: fruit:deployment_graph
                  runtime_env: {}
                  deployments:
                  - name: MangoStand
                    num_replicas: 2
                    max_ongoing_requests: 5
                    user_config: {price: 3}
                """);
    }

    @ParameterizedTest(name = "{0}: {1} is refused")
    @CsvSource(delimiter = '|', value = {
        "proxy_location: Disabled                         | proxy_location                      | the node always runs its HTTP ingress",
        "target_capacity: 50                              | target_capacity                     | remove it or write null or 100 (got 50)",
        "http_options: {root_path: /serve}                | http_options.root_path              | (got /serve)",
        "http_options: {request_timeout_s: 5}             | http_options.request_timeout_s      | is not acted on",
        "http_options: {keep_alive_timeout_s: 5}          | http_options.keep_alive_timeout_s   | write 90 (got 5)",
        "'http_options: {ssl_keyfile: k.pem, ssl_certfile: c.pem}' | http_options.ssl_certfile  | the ingress serves plain HTTP",
        "logging_config: {log_level: DEBUG}               | logging_config.log_level            | write INFO or 20 (got DEBUG)",
        "logging_config: {encoding: JSON}                 | logging_config.encoding             | is not acted on",
    })
    void aTopLevelFieldThatAsksForSomethingIsRefused(String line, String path, String message) {
        assertError(line + "\n" + APP, path, message);
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', value = {
        "external_scaler_enabled: true         | applications[0].external_scaler_enabled",
        "'autoscaling_policy: {policy_function: a:b}' | applications[0].autoscaling_policy",
        "logging_config: {logs_dir: /tmp/logs} | applications[0].logging_config.logs_dir",
    })
    void anApplicationFieldThatAsksForSomethingIsRefused(String line, String path) {
        assertError(APP + "  " + line + "\n", path, "is not acted on by this node");
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', value = {
        "max_replicas_per_node: 2                      | max_replicas_per_node",
        "'placement_group_bundles: [{CPU: 1}]'         | placement_group_bundles",
        "placement_group_strategy: SPREAD              | placement_group_strategy",
        "'request_router_config: {request_router_class: a:B}' | request_router_config",
        "logging_config: {log_level: ERROR}            | logging_config.log_level",
        "'autoscaling_config: {policy: {policy_function: a:b}}' | autoscaling_config.policy",
    })
    void aDeploymentFieldThatAsksForSomethingIsRefused(String line, String path) {
        assertError(APP + "  deployments:\n  - name: A\n    " + line + "\n",
                "applications[0].deployments[0]." + path, "is not acted on by this node");
    }

    @Test
    void aFieldOfTheWrongTypeGetsItsTypeErrorOnly() {
        assertError("http_options: {keep_alive_timeout_s: soon}\n" + APP, "http_options.keep_alive_timeout_s",
                "must be an integer (got string \"soon\")");
        java.util.List<FieldError> errors = Configs.errors("http_options: {keep_alive_timeout_s: soon}\n" + APP);
        org.junit.jupiter.api.Assertions.assertEquals(1, errors.size(), errors.toString());
    }

    @Test
    void nullWhereRayTakesItAsksForNothing() {
        valid("http_options: {request_timeout_s: null, ssl_keyfile: null, ssl_certfile: null}\ntarget_capacity: null\n"
                + "logging_config: null\n" + APP + "  autoscaling_policy: null\n");
    }
}
