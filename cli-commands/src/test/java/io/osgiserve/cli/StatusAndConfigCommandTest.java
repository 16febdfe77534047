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

    // ------------------------------------------------------------------ current Ray's shape, -n/--name

    private static final String NO_V1 = "{\"import_path\": \"\", \"runtime_env\": {}, \"deployments\": []}";
    /** Two applications as the node's GET /api/serve/applications/ gives them (trimmed to what status reads). */
    private static final String TWO_APPS = """
            {"controller_info": {"node_id": "n1"}, "proxy_location": "HeadOnly",
             "proxies": {"n1": {"node_id": "n1", "status": "HEALTHY"}}, "deploy_mode": "MULTI_APP",
             "applications": {
               "fruit": {"name": "fruit", "route_prefix": "/fruit", "status": "RUNNING", "message": "",
                 "last_deployed_time_s": 1795962583.23, "source": "declarative",
                 "deployed_app_config": {"name": "fruit", "import_path": "fruit:deployment_graph"},
                 "deployments": {"MangoStand": {"name": "MangoStand", "status": "HEALTHY",
                   "status_trigger": "CONFIG_UPDATE_COMPLETED", "message": "", "target_num_replicas": 2,
                   "replicas": [{"replica_id": "r1", "state": "RUNNING"}, {"replica_id": "r2", "state": "RUNNING"}]}}},
               "eu": {"name": "eu", "route_prefix": "/eu", "status": "DEPLOYING", "message": "",
                 "last_deployed_time_s": 1795962590.5, "source": "declarative",
                 "deployed_app_config": {"name": "eu", "import_path": "fruit:deployment_graph"},
                 "deployments": {"MangoStand": {"name": "MangoStand", "status": "UPDATING",
                   "status_trigger": "CONFIG_UPDATE_STARTED", "message": "1 of 2 replicas ready",
                   "replicas": [{"replica_id": "r3", "state": "RUNNING"}, {"replica_id": "r4", "state": "STARTING"}]},
                   "Idle": {"name": "Idle", "status": "HEALTHY", "status_trigger": "CONFIG_UPDATE_COMPLETED",
                   "message": "", "replicas": []}}}},
             "target_capacity": null}
            """;

    @Test
    void statusOfApplicationsDeployedThroughV2IsCurrentRaysShapeWithABlankLineBetweenTopLevelKeys() {
        agent.answer("GET", "/api/serve/deployments/", 200, NO_V1);
        agent.answer("GET", "/api/serve/applications/", 200, TWO_APPS);

        Serve.Result result = Serve.cli().run("status", "-a", agent.address());

        assertEquals(0, result.exit(), result.err());
        assertEquals("""
                proxies:
                  n1: HEALTHY

                applications:
                  fruit:
                    status: RUNNING
                    message: ''
                    last_deployed_time_s: 1795962583.23
                    deployments:
                      MangoStand:
                        status: HEALTHY
                        status_trigger: CONFIG_UPDATE_COMPLETED
                        replica_states:
                          RUNNING: 2
                        message: ''
                  eu:
                    status: DEPLOYING
                    message: ''
                    last_deployed_time_s: 1795962590.5
                    deployments:
                      MangoStand:
                        status: UPDATING
                        status_trigger: CONFIG_UPDATE_STARTED
                        replica_states:
                          RUNNING: 1
                          STARTING: 1
                        message: 1 of 2 replicas ready
                      Idle:
                        status: HEALTHY
                        status_trigger: CONFIG_UPDATE_COMPLETED
                        replica_states: {}
                        message: ''

                target_capacity: null
                """, result.out());
    }

    @Test
    void statusOfANodeWithNothingDeployedIsCurrentRaysEmptyShape() {
        agent.answer("GET", "/api/serve/deployments/", 200, NO_V1);
        agent.answer("GET", "/api/serve/applications/", 200, """
                {"deploy_mode": "MULTI_APP", "controller_info": {}, "proxies": {}, "applications": {}, "target_capacity": null}
                """);

        Serve.Result result = Serve.cli().run("status", "-a", agent.address());

        assertEquals(0, result.exit(), result.err());
        assertEquals("""
                proxies: {}

                applications: {}

                target_capacity: null
                """, result.out());
    }

    @Test
    void statusWhileAV1ApplicationRunsIsTheSeedsShape() {
        agent.answer("GET", "/api/serve/deployments/", 200, "{\"import_path\": \"fruit:deployment_graph\", \"runtime_env\": {}}");
        agent.answer("GET", "/api/serve/applications/", 200, TWO_APPS.replace("\"fruit\": {\"name\"", "\"default\": {\"name\""));
        agent.answer("GET", "/api/serve/deployments/status", 200, """
                {"app_status": {"status": "RUNNING", "message": "", "deployment_timestamp": 1655771534.8},
                 "deployment_statuses": [{"name": "MangoStand", "status": "HEALTHY", "message": ""}]}
                """);

        Serve.Result all = Serve.cli().run("status", "-a", agent.address());
        Serve.Result named = Serve.cli().run("status", "-a", agent.address(), "-n", "default");

        String seed = """
                app_status:
                  status: RUNNING
                  message: ''
                  deployment_timestamp: 1655771534.8
                deployment_statuses:
                - name: MangoStand
                  status: HEALTHY
                  message: ''
                """;
        assertEquals(seed, all.out(), all.err());
        assertEquals(seed, named.out(), named.err());
    }

    @Test
    void statusNameSelectsOneApplicationAsRayPrintsIt() {
        agent.answer("GET", "/api/serve/deployments/", 200, NO_V1);
        agent.answer("GET", "/api/serve/applications/", 200, TWO_APPS);

        Serve.Result result = Serve.cli().run("status", "-a", agent.address(), "--name", "fruit");

        assertEquals(0, result.exit(), result.err());
        assertEquals("""
                status: RUNNING
                message: ''
                last_deployed_time_s: 1795962583.23
                deployments:
                  MangoStand:
                    status: HEALTHY
                    status_trigger: CONFIG_UPDATE_COMPLETED
                    replica_states:
                      RUNNING: 2
                    message: ''
                """, result.out());
    }

    @Test
    void anUnknownApplicationNameIsOneLineAndExitCodeOne() {
        agent.answer("GET", "/api/serve/deployments/", 200, NO_V1);
        agent.answer("GET", "/api/serve/applications/", 200, TWO_APPS);

        Serve.Result status = Serve.cli().run("status", "-a", agent.address(), "-n", "us");
        Serve.Result config = Serve.cli().run("config", "-a", agent.address(), "-n", "us");

        for (Serve.Result result : new Serve.Result[] {status, config}) {
            assertEquals(1, result.exit());
            assertEquals("", result.out());
            assertEquals("Application 'us' does not exist on this node (it runs: fruit, eu).\n", result.err());
        }
    }

    @Test
    void configNameSelectsOneApplicationsDocument() {
        agent.answer("GET", "/api/serve/deployments/", 200, NO_V1);
        agent.answer("GET", "/api/serve/applications/", 200, TWO_APPS);

        Serve.Result result = Serve.cli().run("config", "-a", agent.address(), "-n", "eu");

        assertEquals(0, result.exit(), result.err());
        assertEquals("""
                name: eu
                import_path: fruit:deployment_graph
                """, result.out());
    }

    @Test
    void aV1NodeKnowsOnlyItsDefaultApplication() {
        agent.answer("GET", "/api/serve/deployments/", 200, "{\"import_path\": \"fruit:deployment_graph\"}");

        Serve.Result known = Serve.cli().run("config", "-a", agent.address(), "-n", "default");
        Serve.Result unknown = Serve.cli().run("config", "-a", agent.address(), "-n", "fruit");

        assertEquals("import_path: fruit:deployment_graph\n", known.out(), known.err());
        assertEquals(1, unknown.exit());
        assertEquals("Application 'fruit' does not exist on this node (it runs: default).\n", unknown.err());
    }
}
