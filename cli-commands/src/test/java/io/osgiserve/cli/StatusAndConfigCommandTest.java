package io.osgiserve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusAndConfigCommandTest {
    FakeAgent agent;

    @BeforeEach
    void startAgent() throws IOException {
        agent = new FakeAgent();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    @Test
    void statusIsTheSeedsYaml() {
        agent.answer("GET", "/api/serve/deployments/status", 200, """
                {"deployment_statuses": [
                   {"message": "", "name": "MangoStand", "status": "HEALTHY"},
                   {"name": "DAGDriver", "status": "UPDATING", "message": "1 of 2 replicas ready"}],
                 "app_status": {"deployment_timestamp": 1655771534.835145, "status": "RUNNING", "message": ""}}
                """);

        Serve.Result result = Serve.cli().run("status", "-a", agent.address());

        assertEquals(0, result.exit(), result.err());
        assertEquals("""
                app_status:
                  status: RUNNING
                  message: ''
                  deployment_timestamp: 1655771534.835145
                deployment_statuses:
                - name: MangoStand
                  status: HEALTHY
                  message: ''
                - name: DAGDriver
                  status: UPDATING
                  message: 1 of 2 replicas ready
                """, result.out());
    }

    @Test
    void statusOfAnEmptyNode() {
        agent.answer("GET", "/api/serve/deployments/status", 200,
                "{\"app_status\": {\"status\": \"NOT_STARTED\", \"message\": \"\", \"deployment_timestamp\": 0}, \"deployment_statuses\": []}");

        Serve.Result result = Serve.cli().run("status", "-a", agent.address());

        assertEquals("""
                app_status:
                  status: NOT_STARTED
                  message: ''
                  deployment_timestamp: 0
                deployment_statuses: []
                """, result.out());
    }

    @Test
    void configIsYamlInTheOrderTheAgentReturnedIt() {
        agent.answer("GET", "/api/serve/deployments/", 200, """
                {"import_path": "fruit:deployment_graph", "runtime_env": {},
                 "deployments": [{"name": "MangoStand", "user_config": {"price": 5}, "num_replicas": 2, "route_prefix": null,
                                  "graceful_shutdown_wait_loop_s": 2.0}],
                 "port": 8000}
                """);

        Serve.Result result = Serve.cli().run("config", "-a", agent.address());

        assertEquals(0, result.exit(), result.err());
        assertEquals("""
                import_path: fruit:deployment_graph
                runtime_env: {}
                deployments:
                - name: MangoStand
                  user_config:
                    price: 5
                  num_replicas: 2
                  route_prefix: null
                  graceful_shutdown_wait_loop_s: 2.0
                port: 8000
                """, result.out());
    }

    @Test
    void stringsThatWouldReadBackAsSomethingElseAreQuoted() {
        agent.answer("GET", "/api/serve/deployments/", 200, """
                {"import_path": "a.b", "runtime_env": {"env_vars": {"A": "123", "B": "true", "C": "x: y", "D": "null"}}}
                """);

        Serve.Result result = Serve.cli().run("config", "-a", agent.address());

        assertEquals("""
                import_path: a.b
                runtime_env:
                  env_vars:
                    A: '123'
                    B: 'true'
                    C: 'x: y'
                    D: 'null'
                """, result.out());
    }

    @Test
    void configOfApplicationsDeployedThroughV2IsOneDocumentEachJoinedByThreeDashes() {
        agent.answer("GET", "/api/serve/deployments/", 200, "{\"import_path\": \"\", \"runtime_env\": {}, \"deployments\": []}");
        agent.answer("GET", "/api/serve/applications/", 200, """
                {"deploy_mode": "MULTI_APP", "applications": {
                  "fruit": {"name": "fruit", "deployed_app_config": {"name": "fruit", "route_prefix": "/fruit", "import_path": "fruit:deployment_graph"}},
                  "eu": {"name": "eu", "deployed_app_config": {"name": "eu", "route_prefix": "/eu", "import_path": "fruit:deployment_graph",
                         "deployments": [{"name": "MangoStand", "user_config": {"price": 7}}]}}}}
                """);

        Serve.Result result = Serve.cli().run("config", "-a", agent.address());

        assertEquals(0, result.exit(), result.err());
        assertEquals("""
                name: fruit
                route_prefix: /fruit
                import_path: fruit:deployment_graph
                ---
                name: eu
                route_prefix: /eu
                import_path: fruit:deployment_graph
                deployments:
                - name: MangoStand
                  user_config:
                    price: 7
                """, result.out());
    }

}
