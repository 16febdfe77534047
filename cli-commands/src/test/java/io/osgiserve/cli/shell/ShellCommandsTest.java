package io.osgiserve.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.cli.client.AgentException;
import io.osgiserve.cli.verbs.UserError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import com.sun.net.httpserver.HttpServer;
import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/**
 * The serve:* actions as Karaf runs them (fields injected, then execute()), against an agent that
 * the node's own serve.agent.host/port point at. Karaf itself is exercised by the distribution's itests.
 */
class ShellCommandsTest {
    @TempDir
    Path dir;

    HttpServer agent;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    /** Answers to GET PATH that replace the default ones. */
    final Map<String, String> gets = new java.util.concurrent.ConcurrentHashMap<>();
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream systemOut;

    @BeforeEach
    void start() throws IOException {
        agent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        agent.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String path = exchange.getRequestURI().getPath();
            String body = exchange.getRequestMethod().equals("GET") && gets.containsKey(path) ? gets.get(path)
                    : path.equals("/api/serve/deployments/status")
                    ? "{\"app_status\": {\"status\": \"RUNNING\", \"message\": \"\", \"deployment_timestamp\": 1},"
                            + " \"deployment_statuses\": []}"
                    : path.equals("/api/ray/version") ? "{\"version\": \"1\", \"ray_version\": \"2.0.0\"}"
                    : exchange.getRequestMethod().equals("GET") ? "{\"import_path\": \"fruit:deployment_graph\"}" : "";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        agent.start();
        systemOut = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setOut(systemOut);
        agent.stop(0);
    }

    @Test
    void deployResolvesTheFileInTheSessionsDirectoryAndTalksToTheNodesOwnAgent() throws Exception {
        Files.writeString(dir.resolve("fruit_config.yaml"), "import_path: fruit:deployment_graph\n");
        DeployAction deploy = new DeployAction();
        deploy.file = "fruit_config.yaml";
        deploy.context = node(Map.of("serve.agent.host", "0.0.0.0", "serve.agent.port", "" + agent.getAddress().getPort(),
                "serve.agent.token", "t0k"));
        deploy.session = session(null);

        deploy.execute();

        assertEquals("""
                Sent deploy request successfully!
                 * Use `serve status` to check deployments' statuses.
                 * Use `serve config` to see the running app's config.
                """, printed());
        assertTrue(requests.contains("PUT /api/serve/deployments/ Bearer t0k"), requests.toString());
    }

    @Test
    void insideTheNodeTheCommandsSendTheNodesOwnTokenFromKarafsDataDirectoryWithoutBeingToldIt() throws Exception {
        Files.writeString(dir.resolve("agent.token"), "kept-by-the-node\n");
        StatusAction status = new StatusAction();
        status.context = node(Map.of("serve.agent.port", "" + agent.getAddress().getPort(), "karaf.data", dir.toString()));

        status.execute();

        assertTrue(requests.contains("GET /api/serve/deployments/status Bearer kept-by-the-node"), requests.toString());
    }

    @Test
    void deployOfAnInvalidFileFailsWithItsFieldErrorsAndSendsNothing() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "import_path: nodots\n");
        DeployAction deploy = new DeployAction();
        deploy.file = "bad.yaml";
        deploy.context = ownAgent();
        deploy.session = session(null);

        UserError e = assertThrows(UserError.class, deploy::execute);

        assertTrue(e.getMessage().startsWith(dir.resolve("bad.yaml") + ": import_path: "), e.getMessage());
        assertEquals(List.of(), requests);
    }

    @Test
    void statusAndConfigPrintTheSameYamlAsTheCommandLine() throws Exception {
        StatusAction status = new StatusAction();
        status.context = ownAgent();
        status.execute();
        ConfigAction config = new ConfigAction();
        config.context = ownAgent();
        config.execute();

        assertEquals("""
                app_status:
                  status: RUNNING
                  message: ''
                  deployment_timestamp: 1
                deployment_statuses: []
                import_path: fruit:deployment_graph
                """, printed());
    }

    @Test
    void statusAndConfigTakeTheNameOptionAndShowCurrentRaysShapeLikeTheCommandLine() throws Exception {
        gets.put("/api/serve/deployments/", "{\"import_path\": \"\", \"runtime_env\": {}, \"deployments\": []}");
        gets.put("/api/serve/applications/", """
                {"proxies": {"n1": {"status": "HEALTHY"}}, "applications": {
                  "fruit": {"status": "RUNNING", "message": "", "last_deployed_time_s": 2.5, "deployments": {},
                            "deployed_app_config": {"name": "fruit", "import_path": "fruit:deployment_graph"}},
                  "eu": {"status": "RUNNING", "message": "", "last_deployed_time_s": 3.5,
                         "deployments": {"MangoStand": {"status": "HEALTHY", "status_trigger": "CONFIG_UPDATE_COMPLETED",
                                         "message": "", "replicas": [{"state": "RUNNING"}]}},
                         "deployed_app_config": {"name": "eu", "import_path": "fruit:deployment_graph"}}},
                 "target_capacity": null}
                """);
        StatusAction all = new StatusAction();
        all.context = ownAgent();
        all.execute();
        StatusAction status = new StatusAction();
        status.context = ownAgent();
        status.name = "eu";
        status.execute();
        ConfigAction config = new ConfigAction();
        config.context = ownAgent();
        config.name = "fruit";
        config.execute();
        ConfigAction unknown = new ConfigAction();
        unknown.context = ownAgent();
        unknown.name = "us";

        UserError e = assertThrows(UserError.class, unknown::execute);

        assertEquals("""
                proxies:
                  n1: HEALTHY

                applications:
                  fruit:
                    status: RUNNING
                    message: ''
                    last_deployed_time_s: 2.5
                    deployments: {}
                  eu:
                    status: RUNNING
                    message: ''
                    last_deployed_time_s: 3.5
                    deployments:
                      MangoStand:
                        status: HEALTHY
                        status_trigger: CONFIG_UPDATE_COMPLETED
                        replica_states:
                          RUNNING: 1
                        message: ''

                target_capacity: null
                status: RUNNING
                message: ''
                last_deployed_time_s: 3.5
                deployments:
                  MangoStand:
                    status: HEALTHY
                    status_trigger: CONFIG_UPDATE_COMPLETED
                    replica_states:
                      RUNNING: 1
                    message: ''
                name: fruit
                import_path: fruit:deployment_graph
                """, printed());
        assertEquals("Application 'us' does not exist on this node (it runs: fruit, eu).", e.getMessage());
    }

    @Test
    void deployOfAnImportPathWithNameAndArgsSendsOneApplicationThroughV2() throws Exception {
        DeployAction deploy = new DeployAction();
        deploy.file = "greeter:app";
        deploy.name = "hello";
        deploy.args = List.of("greeting=Bonjour", "replicas=2");
        deploy.context = ownAgent();
        deploy.session = session(null);

        deploy.execute();

        int put = requests.indexOf(requests.stream().filter(r -> r.startsWith("PUT /api/serve/applications/")).findFirst()
                .orElseThrow(() -> new AssertionError(requests.toString())));
        assertEquals("{\"applications\":[{\"name\":\"hello\",\"import_path\":\"greeter:app\","
                + "\"args\":{\"greeting\":\"Bonjour\",\"replicas\":\"2\"}}]}", bodies.get(put).replace(" ", ""));
    }

    @Test
    void deployOfAFileWithANameIsRefusedAsOnTheCommandLine() throws Exception {
        Files.writeString(dir.resolve("fruit_config.yaml"), "import_path: fruit:deployment_graph\n");
        DeployAction deploy = new DeployAction();
        deploy.file = "fruit_config.yaml";
        deploy.name = "fruit";
        deploy.context = ownAgent();
        deploy.session = session(null);

        UserError e = assertThrows(UserError.class, deploy::execute);

        assertTrue(e.getMessage().startsWith("--name and KEY=VALUE args go with an import path"), e.getMessage());
        assertEquals(List.of(), requests);
    }

    @Test
    void theAddressOptionWinsOverTheNodesOwnAgent() {
        StatusAction status = new StatusAction();
        status.context = ownAgent();
        status.address = "http://127.0.0.1:1";

        AgentException e = assertThrows(AgentException.class, status::execute);

        assertTrue(e.getMessage().startsWith("Failed to connect to the serve agent at http://127.0.0.1:1: "), e.getMessage());
    }

    @Test
    void shutdownAsksInTheSessionUnlessYes() throws Exception {
        ShutdownAction no = new ShutdownAction();
        no.context = ownAgent();
        no.session = session("n");
        no.execute();
        assertEquals(List.of(), requests.stream().filter(r -> r.startsWith("DELETE")).toList());

        ShutdownAction yes = new ShutdownAction();
        yes.context = ownAgent();
        yes.session = session("y");
        yes.execute();
        ShutdownAction forced = new ShutdownAction();
        forced.context = ownAgent();
        forced.yes = true;
        forced.session = session(null);
        forced.execute();

        assertEquals("Shutdown cancelled.\nSent delete request successfully!\nSent delete request successfully!\n", printed());
        assertEquals(2, requests.stream().filter(r -> r.startsWith("DELETE /api/serve/applications/")).count());
    }

    @Test
    void theCompleterOffersConfigFilesAndDirectories() throws IOException {
        Path yaml = Files.createFile(dir.resolve("app.yaml"));
        Path json = Files.createFile(dir.resolve("app.json"));
        Path sub = Files.createDirectory(dir.resolve("configs"));
        Path jar = Files.createFile(dir.resolve("app.jar"));
        ConfigFileCompleter completer = new ConfigFileCompleter();

        assertTrue(completer.accept(yaml));
        assertTrue(completer.accept(json));
        assertTrue(completer.accept(sub));
        assertTrue(!completer.accept(jar));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private BundleContext ownAgent() {
        return node(Map.of("serve.agent.host", "127.0.0.1", "serve.agent.port", "" + agent.getAddress().getPort()));
    }

    private static BundleContext node(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(ShellCommandsTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private Session session(String answer) {
        return (Session) Proxy.newProxyInstance(ShellCommandsTest.class.getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "currentDir" -> dir;
                    case "readLine" -> answer;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
