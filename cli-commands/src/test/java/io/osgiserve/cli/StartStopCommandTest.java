package io.osgiserve.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.cli.node.LocalNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * start/stop on a fake distribution whose bin/serve-node runs {@link FakeNodeMain} (a JVM that answers the
 * version probe), so the launching, the record file and the stopping are the real ones.
 */
class StartStopCommandTest {
    @TempDir
    Path home;

    Serve serve;

    @BeforeEach
    void fakeDistribution() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classes = Path.of(FakeNodeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        launcher("""
                #!/bin/sh
                [ $# = 0 ] || { echo "expected: serve-node without arguments, got: $*"; exit 2; }
                exec "%s" $EXTRA_JAVA_OPTS -cp "%s" io.osgiserve.cli.FakeNodeMain
                """.formatted(java, classes));
        serve = Serve.cli().serveHome(home).env("PATH", System.getenv("PATH"));
    }

    @AfterEach
    void stopLeftovers() {
        new LocalNode(home, serve.environment().env(), Duration.ofSeconds(1), Duration.ofSeconds(10)).stop();
    }

    @Test
    void startRunsANodeInTheBackgroundAndStopEndsIt() throws Exception {
        int agentPort = freePort();
        int httpPort = freePort();

        Serve.Result started = serve.run("start", "--head", "--agent-port", "" + agentPort, "--http-port", "" + httpPort);

        assertEquals(0, started.exit(), started.err());
        assertTrue(started.out().contains("Agent:   http://127.0.0.1:" + agentPort + "\n"), started.out());
        assertTrue(started.out().contains("Ingress: http://127.0.0.1:" + httpPort + " "), started.out());
        assertTrue(started.out().endsWith("To stop the node: serve stop\n"), started.out());
        assertEquals(200, versionStatus(agentPort));

        Path record = home.resolve("data").resolve("serve-node.properties");
        Properties p = new Properties();
        try (var in = Files.newInputStream(record)) {
            p.load(in);
        }
        long pid = Long.parseLong(p.getProperty("pid"));
        assertEquals("http://127.0.0.1:" + agentPort, p.getProperty("agent.address"));
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        // a head's token is made by the command (the cluster's: its agent and its member start with the same one)
        String token = Files.readString(home.resolve("data/agent.token")).trim();
        assertTrue(Files.readString(home.resolve("data/log/serve-node.out"))
                .contains("agent 127.0.0.1:" + agentPort + ", ingress 0.0.0.0:" + httpPort + ", token " + token + ", auth default"));
        assertEquals(home.resolve("data/agent.token").toString(), p.getProperty("agent.token.file"));

        Serve.Result stopped = serve.run("stop");

        assertEquals(0, stopped.exit(), stopped.err());
        assertEquals("Stopped the serve node (pid " + pid + ").\n", stopped.out());
        // stop returns once the node exited; this JVM, its parent, reaps it a moment later
        await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(record));
    }

    @Test
    void theOtherCommandsFindTheStartedNodesAgentWithoutAnAddress() throws Exception {
        int agentPort = freePort();
        Serve.Result started = serve.run("start", "--agent-port", "" + agentPort, "--http-port", "" + freePort());
        assertEquals(0, started.exit(), started.err());
        assertTrue(started.out().contains("The other commands of this installation find this agent; from elsewhere: -a http://127.0.0.1:"
                + agentPort), started.out());

        Serve.Result status = serve.run("status");

        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().startsWith("proxies: {}\n\napplications: {}"), status.out());
        // the environment still wins over the recorded node
        Serve.Result elsewhere = serve.env("SERVE_AGENT_ADDRESS", "http://127.0.0.1:" + freePort()).run("status");
        assertEquals(1, elsewhere.exit());
    }

    @Test
    void aWorkerWithoutTheClusterTokenIsRefusedAtOnceAndNothingStarts() throws Exception {
        Serve.Result refused = serve.run("start", "--address", "127.0.0.1:5701", "--agent-port", "" + freePort());

        assertEquals(1, refused.exit());
        assertEquals("A worker needs the cluster's token to join: pass --token or set SERVE_AGENT_TOKEN to the head's token"
                + " (in its agent.token).\n", refused.err());
        assertFalse(Files.exists(home.resolve("data/serve-node.properties")));
        Serve.Result shortToken = serve.env("SERVE_AGENT_TOKEN", "notthetoken")
                .run("start", "--address", "127.0.0.1:5701", "--agent-port", "" + freePort());
        assertEquals(1, shortToken.exit());
        assertEquals("The cluster's token is too short: a cluster takes a token of at least 16 characters"
                + " (the head's agent.token is one).\n", shortToken.err());
        assertFalse(Files.exists(home.resolve("data/serve-node.properties")));
        assertEquals(1, serve.run("start", "--head", "--address", "127.0.0.1:5701").exit());
        Serve.Result notClustered = serve.run("start", "--num-cpus", "2");
        assertEquals(1, notClustered.exit());
        assertTrue(notClustered.err().startsWith("--cluster-port, --cluster-host, --internal-port, --num-cpus and --resources are for a cluster's node"),
                notClustered.err());
    }

    @Test
    void aWorkersClusterOptionsAndTheHeadsTokenReachTheNode() throws Exception {
        Serve.Result started = serve.env("SERVE_AGENT_TOKEN", "cluster-t0ken-of-the-head").run("start", "--agent-port", "" + freePort(),
                "--address", "10.0.0.1:5701,10.0.0.2:5701", "--cluster-host", "127.0.0.3", "--cluster-port", "5801",
                "--internal-port", "5802",
                "--num-cpus", "4", "--resources", "{\"GPU\": 1, \"ssd\": 2}");

        assertEquals(0, started.exit(), started.err());
        String log = Files.readString(home.resolve("data/log/serve-node.out"));
        assertTrue(log.contains(", token cluster-t0ken-of-the-head,"), log);
        assertTrue(log.contains(", cluster true 10.0.0.1:5701,10.0.0.2:5701 127.0.0.3:5801 cpus 4 resources {\"GPU\":1,\"ssd\":2}"
                + " internal 127.0.0.3:5802"), log + " (the internal port binds where the others reach the member)");
    }

    @Test
    void aSecondStartSaysANodeIsRunning() throws Exception {
        int agentPort = freePort();
        assertEquals(0, serve.run("start", "--agent-port", "" + agentPort).exit());

        Serve.Result second = serve.run("start", "--agent-port", "" + freePort());

        assertEquals(1, second.exit());
        assertTrue(second.err().startsWith("A serve node from this installation is already running (pid "), second.err());
        assertTrue(second.err().contains("agent http://127.0.0.1:" + agentPort + "). Stop it first with serve stop."),
                second.err());
    }

    @Test
    void debugErrorsReachesTheNodeAsItsSettingAndIsLeftToTheNodeOtherwise() throws Exception {
        assertEquals(0, serve.run("start", "--agent-port", "" + freePort(), "--debug-errors").exit());
        assertTrue(Files.readString(home.resolve("data/log/serve-node.out")).contains(", debug_errors true"));
        assertEquals(0, serve.run("stop").exit());

        assertEquals(0, serve.run("start", "--agent-port", "" + freePort()).exit());
        assertTrue(Files.readString(home.resolve("data/log/serve-node.out")).contains(", debug_errors null"));
    }

    @Test
    void metricsPortAndHostReachTheNodeAsItsSettings() throws Exception {
        assertEquals(0, serve.run("start", "--agent-port", "" + freePort(), "--metrics-port", "9464",
                "--metrics-host", "127.0.0.2").exit());
        assertTrue(Files.readString(home.resolve("data/log/serve-node.out")).contains(", metrics 127.0.0.2:9464"));
        assertEquals(0, serve.run("stop").exit());
    }

    @Test
    void stopWithoutANodeSaysSoAndSucceeds() {
        Serve.Result result = serve.run("stop");

        assertEquals(0, result.exit(), result.err());
        assertEquals("No node is running.\n", result.out());
    }

    @Test
    void anAgentBeyondLoopbackWithoutTlsOrInsecureIsRefusedAtOnceInOneLine() throws Exception {
        Serve.Result result = serve.run("start", "--agent-host", "0.0.0.0", "--agent-port", "" + freePort());

        assertEquals(1, result.exit());
        assertTrue(result.err().startsWith("serve agent: refusing to listen on 0.0.0.0 over plain HTTP"), result.err());
        assertTrue(result.err().contains("--insecure"), result.err());
        assertEquals(1, result.err().lines().count());
        assertFalse(Files.exists(home.resolve("data/serve-node.properties")));
    }

    @Test
    void noAuthBeyondLoopbackIsRefusedEvenWithInsecure() throws Exception {
        Serve.Result result = serve.run("start", "--no-auth", "--insecure", "--agent-host", "0.0.0.0",
                "--agent-port", "" + freePort());

        assertEquals(1, result.exit());
        assertTrue(result.err().contains("loopback only"), result.err());
        assertFalse(Files.exists(home.resolve("data/serve-node.properties")));
    }

    @Test
    void theOtherCommandsSendTheTokenTheNodeKeptWithoutBeingToldIt() throws Exception {
        assertEquals(0, serve.run("start", "--agent-port", "" + freePort()).exit());
        assertTrue(Files.exists(home.resolve("data/agent.token")));

        Serve.Result status = serve.run("status");

        assertEquals(0, status.exit(), status.err());
        assertEquals("", status.err());
    }

    @Test
    void theTokenFlagWinsOverTheEnvironmentAndTheNodesFile() throws Exception {
        assertEquals(0, serve.run("start", "--agent-port", "" + freePort()).exit());

        Serve.Result wrongFlag = serve.env("SERVE_AGENT_TOKEN", "also-wrong").run("status", "--token", "wrong");
        Serve.Result wrongEnv = serve.run("status");

        assertEquals(1, wrongFlag.exit());
        assertTrue(wrongFlag.err().contains("401"), wrongFlag.err());
        assertEquals(1, wrongEnv.exit());
    }

    @Test
    void noAuthWarnsOnStderrOfEveryCommandAndLeavesStatusYamlAsItIs() throws Exception {
        Serve.Result started = serve.run("start", "--no-auth", "--agent-port", "" + freePort());
        assertEquals(0, started.exit(), started.err());
        assertEquals(NodeCommand.NO_AUTH_WARNING + "\n", started.err());
        assertTrue(Files.readString(home.resolve("data/log/serve-node.out")).contains(", auth false"));

        Serve.Result status = serve.run("status");

        assertEquals(0, status.exit(), status.err());
        assertEquals(NodeCommand.NO_AUTH_WARNING + "\n", status.err());
        assertTrue(status.out().startsWith("proxies: {}\n\napplications: {}"), status.out());
        Serve.Result stopped = serve.run("stop");
        assertEquals(NodeCommand.NO_AUTH_WARNING + "\n", stopped.err());
        assertEquals("", serve.run("stop").err(), "no node, no warning");
    }

    @Test
    void aBusyAgentPortIsNamedWithTheOptionToChooseAnother() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));

            Serve.Result result = serve.run("start", "--agent-port", "" + busy.getLocalPort());

            assertEquals(1, result.exit());
            assertTrue(result.err().startsWith("The agent port " + busy.getLocalPort() + " on 127.0.0.1 is in use"), result.err());
            assertTrue(result.err().endsWith("Choose another with --agent-port.\n"), result.err());
            assertEquals(1, result.err().lines().count());
        }
        assertFalse(Files.exists(home.resolve("data/serve-node.properties")));
    }

    @Test
    void aNodeThatDiesShowsTheEndOfItsOutput() throws Exception {
        launcher("""
                #!/bin/sh
                echo "Error: could not load the serve feature"
                exit 3
                """);

        Serve.Result result = serve.run("start", "--agent-port", "" + freePort());

        assertEquals(1, result.exit());
        assertTrue(result.err().startsWith("Error: could not load the serve feature\n"), result.err());
        assertTrue(result.err().contains("The node exited with code 3 before its agent answered"), result.err());
        assertFalse(Files.exists(home.resolve("data/serve-node.properties")));
    }

    @Test
    void karafDataMovesTheRecordAndTheLog() throws Exception {
        Path data = Files.createDirectories(home.resolve("elsewhere"));
        serve.env("KARAF_DATA", data.toString());

        Serve.Result started = serve.run("start", "--agent-port", "" + freePort());

        assertEquals(0, started.exit(), started.err());
        assertTrue(Files.exists(data.resolve("serve-node.properties")));
        assertTrue(Files.exists(data.resolve("log/serve-node.out")));
        assertEquals(0, serve.run("stop").exit());
        assertFalse(Files.exists(data.resolve("serve-node.properties")));
    }

    @Test
    void runStartsANodeDeploysAndStreamsStatusUntilTheNodeStops() throws Exception {
        Path file = Files.writeString(home.resolve("app.yaml"), "import_path: fruit:deployment_graph\n");
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine(serve.environment());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        String agentPort = "" + freePort();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> cli.execute("run", file.toString(), "--agent-port", agentPort));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> out.toString().contains("RUNNING: DAGDriver HEALTHY"));
        assertEquals("import_path: fruit:deployment_graph\n", Files.readString(home.resolve("data/deployed")));
        assertTrue(out.toString().contains("Press Ctrl-C to stop the node."), out.toString());

        assertEquals(0, serve.run("stop").exit());
        assertEquals(1, run.get(30, TimeUnit.SECONDS));
    }

    @Test
    void anAgentSettingThatDoesNotParseIsOneLineAndNoNodeStarts() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.osgiserve.node.cfg"), "serve.agent.max.body = lots\n");

        Serve.Result started = serve.run("start", "--agent-port", "" + freePort());

        assertEquals(1, started.exit());
        assertEquals("serve.agent.max.body: 'lots' is not a size such as 1048576, 512k, 256m or 1g\n", started.err());
        assertFalse(Files.exists(home.resolve("data/serve-node.properties")));
    }

    @Test
    void runReplacesWhatTheNodeBroughtBackFromItsLastRun() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/deployed"), "applications: [{name: left-over}]\n");
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine(serve.environment());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        String agentPort = "" + freePort();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> cli.execute("run", "fruit:deployment_graph", "--agent-port", agentPort));

        await().atMost(Duration.ofSeconds(60)).until(() -> out.toString().contains("RUNNING"));
        assertEquals("x", Files.readString(home.resolve("data/shutdowns")), "one shutdown before the deploy");
        assertTrue(Files.readString(home.resolve("data/deployed")).contains("fruit:deployment_graph"));
        assertEquals(0, serve.run("stop").exit());
        assertEquals(1, run.get(30, TimeUnit.SECONDS));
    }

    @Test
    void runOfAnImportPathDeploysItWithAnEmptyRuntimeEnv() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine(serve.environment());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        String agentPort = "" + freePort();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> cli.execute("run", "fruit:deployment_graph", "--agent-port", agentPort));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> out.toString().contains("RUNNING"));
        assertEquals("{\"import_path\":\"fruit:deployment_graph\",\"runtime_env\":{}}",
                Files.readString(home.resolve("data/deployed")));
        assertEquals(0, serve.run("stop").exit());
        assertEquals(1, run.get(30, TimeUnit.SECONDS));
    }

    @Test
    void runRefusesAnInvalidConfigBeforeStartingANode() throws Exception {
        Path file = Files.writeString(home.resolve("bad.yaml"), "import_path: nodots\n");

        Serve.Result result = serve.run("run", file.toString(), "--agent-port", "" + freePort());

        assertEquals(1, result.exit());
        assertTrue(result.err().startsWith(file + ": import_path: "), result.err());
        assertFalse(Files.exists(home.resolve("data/serve-node.properties")));
    }

    @Test
    void theTokenFromTheEnvironmentIsHandedToTheNode() throws Exception {
        serve.env("SERVE_AGENT_TOKEN", "t0k");

        Serve.Result started = serve.run("start", "--agent-port", "" + freePort());

        assertEquals(0, started.exit(), started.err());
        assertTrue(Files.readString(home.resolve("data/log/serve-node.out")).contains(", token t0k"));
    }

    @Test
    void withRaysAuthTokenSetTheNodeTakesItSoThatTheCommandsWhichSendItAgree() throws Exception {
        serve.env("RAY_AUTH_TOKEN", "r4y");

        Serve.Result started = serve.run("start", "--agent-port", "" + freePort());

        assertEquals(0, started.exit(), started.err());
        assertTrue(Files.readString(home.resolve("data/log/serve-node.out")).contains(", token r4y"));
        assertEquals(0, serve.run("status").exit());
    }

    @Test
    void theTokenOptionIsHandedToTheNodeThroughItsEnvironmentNotItsCommandLine() throws Exception {
        Serve.Result started = serve.run("start", "--token", "fl4g", "--agent-port", "" + freePort());

        assertEquals(0, started.exit(), started.err());
        assertTrue(Files.readString(home.resolve("data/log/serve-node.out")).contains(", token fl4g"));
        assertEquals(0, serve.run("status", "--token", "fl4g").exit());
    }

    @Test
    void theNodesFileGivesDefaultsThatTheCliAndTheNodeShare() throws Exception {
        int agentPort = freePort();
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.osgiserve.node.cfg"), "serve.agent.port = " + agentPort + "\n");

        Serve.Result started = serve.run("start");

        assertEquals(0, started.exit(), started.err());
        assertTrue(started.out().contains("Agent:   http://127.0.0.1:" + agentPort + "\n"), started.out());
        assertEquals(200, versionStatus(agentPort));
    }

    @Test
    void outsideADistributionStartSaysWhatItNeeds() {
        Serve.Result result = Serve.cli().run("start");

        assertEquals(1, result.exit());
        assertEquals("This command runs from a serve distribution: use its bin/serve (the system property serve.home is not set).\n",
                result.err());
    }

    private void launcher(String script) throws IOException {
        Path node = Files.createDirectories(home.resolve("bin")).resolve("serve-node");
        Files.writeString(node, script);
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static int versionStatus(int port) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ray/version")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
