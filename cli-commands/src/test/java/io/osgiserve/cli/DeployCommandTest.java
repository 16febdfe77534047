package io.osgiserve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployCommandTest {
    static final String FRUIT = """
            import_path: fruit:deployment_graph

            runtime_env: {}

            deployments:

            - name: MangoStand
              num_replicas: 2
              user_config:
                price: 3
            """;

    @TempDir
    Path dir;

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
    void deployPrintsRaysThreeLinesAndSendsTheFileAsYaml() throws IOException {
        Path file = Files.writeString(dir.resolve("fruit_config.yaml"), FRUIT);

        Serve.Result result = Serve.cli().run("deploy", file.toString(), "-a", agent.address());

        assertEquals(0, result.exit(), result.err());
        assertEquals("""
                Sent deploy request successfully!
                 * Use `serve status` to check deployments' statuses.
                 * Use `serve config` to see the running app's config.
                """, result.out());
        assertEquals("", result.err());
        List<FakeAgent.Request> puts = agent.requests("PUT", "/api/serve/deployments/");
        assertEquals(1, puts.size());
        assertEquals(FRUIT, puts.get(0).bodyText());
        assertEquals("application/yaml", puts.get(0).header("Content-Type"));
    }

    @Test
    void aMultiApplicationFileGoesToTheV2ApiAsWritten() throws IOException {
        String two = "applications:\n- name: fruit\n  route_prefix: /fruit\n  import_path: fruit:deployment_graph\n"
                + "- name: eu\n  route_prefix: /eu\n  import_path: fruit:deployment_graph\n";
        Path file = Files.writeString(dir.resolve("two.yaml"), two);

        Serve.Result result = Serve.cli().run("deploy", file.toString(), "-a", agent.address());

        assertEquals(0, result.exit(), result.err());
        List<FakeAgent.Request> puts = agent.requests("PUT", "/api/serve/applications/");
        assertEquals(1, puts.size());
        assertEquals(two, puts.get(0).bodyText());
        assertTrue(agent.requests("PUT", "/api/serve/deployments/").isEmpty());
    }

    @Test
    void anImportPathWithNameAndArgsIsSentAsOneApplicationWithArgs() {
        Serve.Result result = Serve.cli().run("deploy", "greeter:app", "--name", "greet", "greeting=Bonjour",
                "replicas=2", "-a", agent.address());

        assertEquals(0, result.exit(), result.err());
        List<FakeAgent.Request> puts = agent.requests("PUT", "/api/serve/applications/");
        assertEquals(1, puts.size());
        assertEquals("{\"applications\":[{\"name\":\"greet\",\"import_path\":\"greeter:app\","
                + "\"args\":{\"greeting\":\"Bonjour\",\"replicas\":\"2\"}}]}", puts.get(0).bodyText().replace(" ", ""));
        assertEquals("application/json", puts.get(0).header("Content-Type"));
    }

    @Test
    void anArgWithoutEqualsIsRefusedByPositionAndNothingIsSent() {
        Serve.Result result = Serve.cli().run("deploy", "greeter:app", "greeting", "-a", agent.address());

        assertEquals(1, result.exit());
        assertTrue(result.err().contains("args[0]: must be key=value (got 'greeting')"), result.err());
        assertTrue(agent.requests("PUT", "/api/serve/applications/").isEmpty());
    }

    @Test
    void aJsonFileIsSentAsJson() throws IOException {
        Path file = Files.writeString(dir.resolve("app.json"), "{\"import_path\": \"fruit:deployment_graph\"}");

        Serve.Result result = Serve.cli().run("deploy", file.toString(), "--address", agent.address());

        assertEquals(0, result.exit(), result.err());
        assertEquals("application/json", agent.requests("PUT", "/api/serve/deployments/").get(0).header("Content-Type"));
    }

    @Test
    void anInvalidFileListsEveryFieldErrorAndSendsNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                import_path: fruit:deployment_graph
                deployments:
                - name: MangoStand
                  num_replicas: 0
                - name: PearStand
                  route_prefix: pears
                """);

        Serve.Result result = Serve.cli().run("deploy", file.toString(), "-a", agent.address());

        assertEquals(1, result.exit());
        assertEquals("", result.out());
        List<String> lines = result.err().lines().toList();
        assertEquals(2, lines.size(), result.err());
        assertTrue(lines.get(0).startsWith(file + ": deployments[0].num_replicas: "), lines.get(0));
        assertTrue(lines.get(1).startsWith(file + ": deployments[1].route_prefix: "), lines.get(1));
        assertTrue(agent.requests().isEmpty(), "nothing may be sent for an invalid file");
    }

    @Test
    void aMissingFileIsOneLine() {
        Serve.Result result = Serve.cli().run("deploy", dir.resolve("nope.yaml").toString(), "-a", agent.address());

        assertEquals(1, result.exit());
        assertEquals("No such file: " + dir.resolve("nope.yaml") + "\n", result.err());
    }

    @Test
    void anUnreachableAgentIsOneLineNamingTheAddressAndHowToSetIt() throws IOException {
        Path file = Files.writeString(dir.resolve("fruit_config.yaml"), FRUIT);
        String address = "http://127.0.0.1:" + closedPort();

        Serve.Result result = Serve.cli().run("deploy", file.toString(), "-a", address);

        assertEquals(1, result.exit());
        assertEquals("Failed to connect to the serve agent at " + address + ": connection refused."
                + " Is a node running (serve start)? Set the address with -a or SERVE_AGENT_ADDRESS.\n", result.err());
        assertEquals("", result.out());
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        Path file = Files.writeString(dir.resolve("fruit_config.yaml"), FRUIT);
        String address = "http://127.0.0.1:" + closedPort();

        Serve.Result result = Serve.cli().run("deploy", file.toString(), "-a", address, "--verbose");

        assertEquals(1, result.exit());
        assertTrue(result.err().startsWith("Failed to connect to the serve agent at " + address), result.err());
        assertTrue(result.err().contains("\tat "), "a stack trace: " + result.err());
    }

    @Test
    void aRefusedRequestShowsTheStatusCodeAndTheAgentsReason() throws IOException {
        Path file = Files.writeString(dir.resolve("fruit_config.yaml"), FRUIT);
        agent.answer("PUT", "/api/serve/deployments/", 400, "port: differs from the running ingress (8000); shut down first");

        Serve.Result result = Serve.cli().run("deploy", file.toString(), "-a", agent.address());

        assertEquals(1, result.exit());
        assertEquals("Request failed with status code 400: port: differs from the running ingress (8000); shut down first\n",
                result.err());
    }

    @Test
    void aServerThatIsNotAnAgentIsNamedAsSuch() throws IOException {
        Path file = Files.writeString(dir.resolve("fruit_config.yaml"), FRUIT);
        agent.answer("GET", "/api/ray/version", 404, "no such page");

        Serve.Result result = Serve.cli().run("deploy", file.toString(), "-a", agent.address());

        assertEquals(1, result.exit());
        assertTrue(result.err().startsWith("The server at " + agent.address() + " is not a serve agent"), result.err());
        assertTrue(agent.requests("PUT", "/api/serve/deployments/").isEmpty());
    }

    @Test
    void theTokenFromTheEnvironmentIsSentAsABearerToken() throws IOException {
        Path file = Files.writeString(dir.resolve("fruit_config.yaml"), FRUIT);

        Serve.Result result = Serve.cli().env("SERVE_AGENT_TOKEN", "s3cret")
                .run("deploy", file.toString(), "-a", agent.address());

        assertEquals(0, result.exit(), result.err());
        assertFalse(agent.requests().isEmpty());
        agent.requests().forEach(r -> assertEquals("Bearer s3cret", r.header("Authorization"), r.method() + " " + r.path()));
    }

    @Test
    void raysAuthTokenIsSentWhenServeAgentTokenIsNotSetAndTheFlagWinsOverBoth() throws IOException {
        Path file = Files.writeString(dir.resolve("fruit_config.yaml"), FRUIT);

        Serve.Result ray = Serve.cli().env("RAY_AUTH_TOKEN", "from-ray").run("deploy", file.toString(), "-a", agent.address());
        assertEquals(0, ray.exit(), ray.err());
        agent.requests().forEach(r -> assertEquals("Bearer from-ray", r.header("Authorization")));

        Serve.Result both = Serve.cli().env("RAY_AUTH_TOKEN", "from-ray").env("SERVE_AGENT_TOKEN", "from-serve")
                .run("deploy", file.toString(), "-a", agent.address(), "--token", "from-flag");
        assertEquals(0, both.exit(), both.err());
        assertEquals("Bearer from-flag", agent.requests().get(agent.requests().size() - 1).header("Authorization"));
    }

    @Test
    void withoutATokenNoAuthorizationIsSentAndA401SaysWhichVariableToSet() throws IOException {
        Path file = Files.writeString(dir.resolve("fruit_config.yaml"), FRUIT);
        agent.answer("PUT", "/api/serve/deployments/", 401, "missing bearer token");

        Serve.Result result = Serve.cli().run("deploy", file.toString(), "-a", agent.address());

        assertEquals(1, result.exit());
        assertEquals("Request failed with status code 401: missing bearer token (pass --token or set SERVE_AGENT_TOKEN to the node's token)\n",
                result.err());
        agent.requests().forEach(r -> assertEquals(null, r.header("Authorization")));
    }

    @Test
    void waitFollowsReplicasUntilRunning() throws IOException {
        Path file = Files.writeString(dir.resolve("fruit_config.yaml"), FRUIT);
        agent.answerInTurn("GET", "/api/serve/deployments/status",
                new FakeAgent.Reply(200, status("RUNNING", 100, "HEALTHY")),
                new FakeAgent.Reply(200, status("DEPLOYING", 200, "UPDATING")),
                new FakeAgent.Reply(200, status("DEPLOYING", 200, "UPDATING")),
                new FakeAgent.Reply(200, status("RUNNING", 200, "HEALTHY")));
        agent.answerInTurn("GET", "/api/serve/applications/",
                new FakeAgent.Reply(200, applications(0)),
                new FakeAgent.Reply(200, applications(1)),
                new FakeAgent.Reply(200, applications(2)));

        Serve.Result result = Serve.cli().run("deploy", file.toString(), "-a", agent.address(), "--wait");

        assertEquals(0, result.exit(), result.err());
        assertEquals("""
                Sent deploy request successfully!
                 * Use `serve status` to check deployments' statuses.
                 * Use `serve config` to see the running app's config.
                DEPLOYING: MangoStand 0/2
                DEPLOYING: MangoStand 1/2
                RUNNING: MangoStand 2/2
                """, result.out());
    }

    @Test
    void waitExitsNonZeroWithTheReasonWhenTheDeployFails() throws IOException {
        Path file = Files.writeString(dir.resolve("fruit_config.yaml"), FRUIT);
        agent.answerInTurn("GET", "/api/serve/deployments/status",
                new FakeAgent.Reply(200, status("NOT_STARTED", 0, "HEALTHY")),
                new FakeAgent.Reply(200, """
                        {"app_status": {"status": "DEPLOY_FAILED", "message": "MangoStand: constructor threw java.lang.IllegalStateException: no mangos", "deployment_timestamp": 200},
                         "deployment_statuses": [{"name": "MangoStand", "status": "UNHEALTHY", "message": "no mangos"}]}
                        """));
        agent.answer("GET", "/api/serve/applications/", 200, applications(0));

        Serve.Result result = Serve.cli().run("deploy", file.toString(), "-a", agent.address(), "--wait");

        assertEquals(1, result.exit());
        assertTrue(result.out().contains("DEPLOY_FAILED: MangoStand 0/2"), result.out());
        assertEquals("The deploy failed (DEPLOY_FAILED): MangoStand: constructor threw java.lang.IllegalStateException: no mangos\n",
                result.err());
    }

    static String status(String app, long timestamp, String mango) {
        return """
                {"app_status": {"status": "%s", "message": "", "deployment_timestamp": %d},
                 "deployment_statuses": [{"name": "MangoStand", "status": "%s", "message": ""}]}
                """.formatted(app, timestamp, mango);
    }

    static String applications(int ready) {
        StringBuilder replicas = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            replicas.append(i == 0 ? "" : ",").append("{\"replica_id\": \"MangoStand#").append(i)
                    .append("\", \"state\": \"").append(i < ready ? "RUNNING" : "STARTING").append("\"}");
        }
        return """
                {"applications": {"default": {"status": "DEPLOYING", "deployments": {"MangoStand":
                  {"name": "MangoStand", "status": "UPDATING", "message": "", "target_num_replicas": 2, "replicas": [%s]}}}}}
                """.formatted(replicas);
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
