package io.osgiserve.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** logging_config.enable_access_log nearest to a route wins; none written leaves it to the node. */
class AccessLogSwitchTest {

    private static Optional<Boolean> of(String yaml, String app, String deployment) throws ConfigException {
        ConfigDocument doc = ConfigDocument.parseYaml(yaml);
        return AccessLogSwitch.written(doc, doc.application(app).orElseThrow(), deployment);
    }

    @Test
    void anApplicationThatAsksForTheAccessLogGetsItAndItsNeighbourWithoutOneIsLeftToTheNode() throws Exception {
        String yaml = """
                applications:
                - name: fruit
                  route_prefix: /fruit
                  import_path: fruit:deployment_graph
                  logging_config: {enable_access_log: true}
                - name: greeter
                  route_prefix: /greet
                  import_path: greeter:app
                """;
        assertEquals(Optional.of(true), of(yaml, "fruit", "DAGDriver"));
        assertEquals(Optional.empty(), of(yaml, "greeter", "Greeter"));
    }

    @Test
    void theTopLevelAppliesToEveryApplicationUnlessTheApplicationOrTheRoutesDeploymentSaysOtherwise() throws Exception {
        String yaml = """
                logging_config: {enable_access_log: true}
                applications:
                - name: fruit
                  route_prefix: /fruit
                  import_path: fruit:deployment_graph
                  logging_config: {enable_access_log: false}
                - name: greeter
                  route_prefix: /greet
                  import_path: greeter:app
                - name: quiet
                  route_prefix: /quiet
                  import_path: greeter:app
                  deployments:
                  - name: Greeter
                    logging_config: {enable_access_log: false}
                """;
        assertEquals(Optional.of(false), of(yaml, "fruit", "DAGDriver"));
        assertEquals(Optional.of(true), of(yaml, "greeter", "Greeter"));
        assertEquals(Optional.of(false), of(yaml, "quiet", "Greeter"));
    }

    @Test
    void falseIsAValidValueNow() throws Exception {
        ConfigDocument.parseYaml("""
                logging_config: {enable_access_log: false}
                applications:
                - import_path: fruit:deployment_graph
                """);
    }
}
