package io.osgiserve.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The agent of a real node, secure by default, through bin/serve and plain HTTP: a token the user never
 * has to set, Host and Origin checks, --no-auth with its warnings, HTTPS with --cacert, and the refusal to
 * bind beyond loopback in clear. One installation; each step restarts its node with other options.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class AgentSecurityIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private Installation node;
    private String fruitConfig;

    @BeforeAll
    void install() throws Exception {
        node = Installation.copyFor(getClass());
        fruitConfig = Files.readString(node.home().resolve("examples/fruit_config.yaml"));
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void aNodeStartedWithoutATokenMakesOneInAgentTokenWithMode0600() throws Exception {
        Installation.Result started = node.start();
        assertEquals(0, started.exitCode(), started::describe);

        Path tokenFile = node.dataDir().resolve("agent.token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        assertTrue(Files.readString(tokenFile).trim().length() >= 40);
        assertTrue(started.stdout().contains("Token:   in " + tokenFile), started::describe);
    }

    @Test
    @Order(2)
    void aPutWithoutTheTokenIs401SayingWhereItIsAndWithTheTokenFromAgentToken200() throws Exception {
        HttpResponse<String> without = node.putToAgent("/api/serve/deployments/", fruitConfig, null);
        HttpResponse<String> wrong = node.putToAgent("/api/serve/deployments/", fruitConfig, "guess");
        HttpResponse<String> with = node.putToAgent("/api/serve/deployments/", fruitConfig, token());

        assertEquals(401, without.statusCode());
        assertEquals(1, without.body().strip().lines().count(), without.body());
        assertTrue(without.body().contains(node.dataDir().resolve("agent.token").toString()), without.body());
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("not this node's token"), "a wrong token is told from none: " + wrong.body());
        assertFalse(wrong.body().contains("guess"), wrong.body());
        assertFalse(without.body().contains("not this node's token"), without.body());
        assertEquals(200, with.statusCode(), with.body());
        assertEquals(200, node.getFromAgent("/api/ray/version").statusCode());
        assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(node.agentAddress() + "/api/ray/version")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode(), "the version needs no token");
    }

    @Test
    @Order(3)
    void theCliFindsTheTokenOfTheNodeThisInstallationStarted() {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> node.serve("status").stdout().contains("status: RUNNING"));
        Installation.Result status = node.serve("status");

        assertEquals(0, status.exitCode(), status::describe);
        assertEquals("", status.stderr(), status::describe);
    }

    @Test
    @Order(4)
    void aForeignHostIs403AndAPutWithAForeignOriginIs403() throws Exception {
        String rebound = node.rawToAgent("GET", "/api/serve/deployments/status",
                Map.of("Host", "attacker.example:" + node.agentPort(), "Authorization", "Bearer " + token()), "");
        String crossSite = node.rawToAgent("PUT", "/api/serve/deployments/", Map.of("Host", "127.0.0.1:" + node.agentPort(),
                "Origin", "http://attacker.example", "Authorization", "Bearer " + token(),
                "Content-Type", "application/yaml"), fruitConfig);
        String sameSite = node.rawToAgent("GET", "/api/serve/deployments/status",
                Map.of("Host", "localhost:" + node.agentPort(), "Authorization", "Bearer " + token()), "");

        assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
        assertTrue(rebound.contains("attacker.example"), rebound);
        assertTrue(crossSite.startsWith("HTTP/1.1 403"), crossSite);
        assertTrue(crossSite.contains("another origin"), crossSite);
        assertTrue(sameSite.startsWith("HTTP/1.1 200"), sameSite);
    }

    @Test
    @Order(5)
    void aNodeStartedWithServeAgentTokenAcceptsThatBearerTokenAsCurrentRaySendsIt() throws Exception {
        // and the node reads its settings file: a Host name written there is answered
        Path settings = node.home().resolve("etc/io.osgiserve.node.cfg");
        Files.writeString(settings, Files.readString(settings) + "serve.agent.host.names = serve-node.test\n");
        restart(Map.of("SERVE_AGENT_TOKEN", "x"));

        String named = node.rawToAgent("GET", "/api/serve/deployments/status",
                Map.of("Host", "serve-node.test:" + node.agentPort(), "Authorization", "Bearer x"), "");
        assertTrue(named.startsWith("HTTP/1.1 200"), named);
        assertEquals("x", token());
        assertEquals(200, node.putToAgent("/api/serve/deployments/", fruitConfig, "x").statusCode());
        // what Ray's own clients send with RAY_AUTH_MODE=token RAY_AUTH_TOKEN=x: the CLI reads that variable too
        Installation.Result status = node.serve(Map.of("RAY_AUTH_TOKEN", "x"), "status");
        assertEquals(0, status.exitCode(), status::describe);
    }

    @Test
    @Order(6)
    void noAuthWarnsInTheNodeLogAndOnStderrOfEveryCommandButLeavesStatusYamlAlone() throws Exception {
        Installation.Result started = restart(Map.of(), "--no-auth");
        assertTrue(started.stderr().contains("--no-auth"), started::describe);

        Installation.Result status = node.serve("status");
        Installation.Result config = node.serve("config");

        assertEquals(0, status.exitCode(), status::describe);
        assertTrue(status.stdout().startsWith("app_status:"), status::describe);
        assertFalse(status.stdout().contains("WARNING"), status::describe);
        assertTrue(status.stderr().startsWith("WARNING: the serve node of this installation runs with --no-auth"), status::describe);
        assertTrue(config.stderr().contains("--no-auth"), config::describe);
        assertEquals(200, node.putToAgent("/api/serve/deployments/", fruitConfig, null).statusCode());
        await().atMost(TIMEOUT).until(() -> nodeLogs().contains("started with --no-auth"));
    }

    @Test
    @Order(7)
    void anAgentOnAllInterfacesWithoutTlsOrInsecureRefusesToStartWithOneLine() {
        Installation.Result stopped = node.serve("stop");
        assertEquals(0, stopped.exitCode(), stopped::describe);

        Installation.Result refused = node.start(Map.of(), "--agent-host", "0.0.0.0");

        assertEquals(1, refused.exitCode(), refused::describe);
        assertEquals(1, refused.stderr().strip().lines().count(), refused::describe);
        assertTrue(refused.stderr().contains("refusing to listen on 0.0.0.0 over plain HTTP"), refused::describe);
        assertFalse(Installation.accepting(node.agentPort()));
    }

    @Test
    @Order(8)
    void theAgentOverHttpsWithASelfSignedCertificateAndCacert() throws Exception {
        Path dir = Files.createDirectories(node.home().resolve("tls"));
        Path[] agentPair = TestCertificates.selfSigned(dir, "agent");
        Path[] otherPair = TestCertificates.selfSigned(dir, "other");
        Installation.Result started = node.start(Map.of(), "--agent-host", "0.0.0.0",
                "--agent-tls-certfile", agentPair[0].toString(), "--agent-tls-keyfile", agentPair[1].toString());
        assertEquals(0, started.exitCode(), started::describe);
        String https = "https://127.0.0.1:" + node.agentPort();
        assertTrue(started.stdout().contains("Agent:   " + https), started::describe);

        Map<String, String> remote = Map.of("SERVE_AGENT_ADDRESS", https);
        Installation.Result trusted = node.serve(remote, "status", "--cacert", agentPair[0].toString());
        Installation.Result wrongCa = node.serve(remote, "status", "--cacert", otherPair[0].toString());
        Installation.Result fromEnv = node.serve(Map.of("SERVE_AGENT_ADDRESS", https,
                "SERVE_AGENT_CACERT", agentPair[0].toString()), "config");

        assertEquals(0, trusted.exitCode(), trusted::describe);
        assertTrue(trusted.stdout().startsWith("app_status:"), trusted::describe);
        assertEquals(1, wrongCa.exitCode(), wrongCa::describe);
        assertTrue(wrongCa.stderr().contains("--cacert"), wrongCa::describe);
        assertEquals(0, fromEnv.exitCode(), fromEnv::describe);
        HttpResponse<String> plain = HttpClient.newBuilder().sslContext(TestCertificates.trusting(agentPair[0])).build().send(
                HttpRequest.newBuilder(URI.create(https + "/api/serve/deployments/status"))
                        .header("Authorization", "Bearer " + token()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, plain.statusCode());
        assertEquals(0, node.serve("stop").exitCode());
    }

    @Test
    @Order(9)
    void theQuickStartServesFruitStandWithoutATokenBeingSet() throws Exception {
        Path out = node.home().resolve("run.out");
        ProcessBuilder builder = new ProcessBuilder(node.home().resolve("bin/serve").toString(), "run",
                "examples/fruit_config.yaml", "--agent-port", "" + node.agentPort(), "--http-port", "" + node.httpPort())
                .directory(node.home().toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(k -> k.startsWith("SERVE_") || k.startsWith("RAY_"));
        // a data directory no node has used, as after a fresh clone: no token and no goal yet
        Path freshData = Files.createDirectories(node.home().resolve("fresh-data"));
        builder.environment().put("KARAF_DATA", freshData.toString());
        Process run = builder.start();
        try {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> node.postToIngress("/", "[\"MANGO\", 2]").body().equals("6"));
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> read(out).contains("RUNNING"));
            assertFalse(read(out).contains("401"), () -> read(out));
            assertTrue(Files.isRegularFile(freshData.resolve("agent.token")));
        } finally {
            run.destroy(); // Ctrl-C: serve run stops its node
            run.waitFor(60, TimeUnit.SECONDS);
            node.serve(Map.of("KARAF_DATA", freshData.toString()), "stop"); // in case it did not
            assertFalse(Installation.accepting(node.agentPort()));
        }
    }

    @Test
    @Order(10)
    void theTokenOfServeStartWinsOverTheOneInTheNodesFile() throws Exception {
        Path settings = node.home().resolve("etc/io.osgiserve.node.cfg");
        String before = Files.readString(settings);
        Files.writeString(settings, before + "serve.agent.token = from-the-file\n");
        try {
            Installation.Result started = node.start(Map.of(), "--token", "from-the-command-line");
            assertEquals(0, started.exitCode(), started::describe);

            String commandLine = statusWith("from-the-command-line");
            String file = statusWith("from-the-file");
            Installation.Result status = node.serve("status");

            assertTrue(commandLine.startsWith("HTTP/1.1 200"), commandLine);
            assertTrue(file.startsWith("HTTP/1.1 401"), file);
            assertEquals("from-the-command-line", token(), "the token kept is the one the node took");
            assertEquals(0, status.exitCode(), status::describe);
        } finally {
            node.serve("stop");
            Files.writeString(settings, before);
        }
    }

    @Test
    @Order(11)
    void anHttpsAgentOnAllInterfacesIsReachedByTheCliByANameItsCertificateHolds() throws Exception {
        Path dir = Files.createDirectories(node.home().resolve("tls"));
        Path[] localhostOnly = TestCertificates.selfSigned(dir, "localhost-only", new GeneralName(GeneralName.dNSName, "localhost"));
        Path[] elsewhere = TestCertificates.selfSigned(dir, "elsewhere", new GeneralName(GeneralName.dNSName, "elsewhere.test"));
        Map<String, String> noAddress = Map.of("SERVE_AGENT_ADDRESS", ""); // the installation's own node

        Installation.Result started = node.start(noAddress, "--agent-host", "0.0.0.0",
                "--agent-tls-certfile", localhostOnly[0].toString(), "--agent-tls-keyfile", localhostOnly[1].toString());
        assertEquals(0, started.exitCode(), started::describe);
        Installation.Result status;
        try {
            status = node.serve(noAddress, "status");
        } finally {
            assertEquals(0, node.serve("stop").exitCode());
        }
        Installation.Result refused = node.start(noAddress, "--agent-host", "0.0.0.0",
                "--agent-tls-certfile", elsewhere[0].toString(), "--agent-tls-keyfile", elsewhere[1].toString());

        assertTrue(started.stdout().contains("Agent:   https://localhost:" + node.agentPort()), started::describe);
        assertEquals(0, status.exitCode(), status::describe);
        assertTrue(status.stdout().startsWith("app_status:"), status::describe);
        assertEquals(1, refused.exitCode(), refused::describe);
        assertEquals(1, refused.stderr().strip().lines().count(), refused::describe);
        assertTrue(refused.stderr().contains("names elsewhere.test"), refused::describe);
        assertTrue(refused.stderr().contains("add localhost to its subjectAltName"), refused::describe);
        assertFalse(Installation.accepting(node.agentPort()));
    }

    /**
     * The node tells a loopback caller from another by the address of the connection (the agent honours no
     * forwarding header): so the node runs in a network namespace of the test's own whose loopback also holds
     * 10.213.0.1, the agent listens there and the CLI deploys to it there, its connection then coming from a
     * non-loopback address, as a caller on another machine's would.
     */
    @Test
    @Order(12)
    void aDeployFromBeyondLoopbackMayNameAFileOnlyUnderTheAllowedRoots() throws Exception {
        Path allowed = Files.createDirectories(node.home().resolve("allowed"));
        Path outside;
        try (var examples = Files.newDirectoryStream(node.home().resolve("examples"), "serve-example-fruit-*.jar")) {
            outside = examples.iterator().next();
        }
        Path inside = Files.copy(outside, allowed.resolve("fruit.jar"), StandardCopyOption.REPLACE_EXISTING);
        Path settings = node.home().resolve("etc/io.osgiserve.node.cfg");
        String before = Files.readString(settings);
        Files.writeString(settings, before + "serve.code.file.allowed_roots = " + allowed + "\n");
        Map<String, String> noAddress = Map.of("SERVE_AGENT_ADDRESS", ""); // the installation's own node, where it listens
        try (NetworkNamespace namespace = NetworkNamespace.create("10.213.0.1")) {
            List<String> there = namespace.prefix();
            Installation.Result started = node.serveIn(there, noAddress, "start", "--agent-port", String.valueOf(node.agentPort()),
                    "--http-port", String.valueOf(node.httpPort()), "--agent-host", namespace.address(), "--insecure");
            assertEquals(0, started.exitCode(), started::describe);
            try {
                Installation.Result refused = node.serveIn(there, noAddress, "deploy", withWorkingDir("outside.yaml", outside).toString());
                assertEquals(0, refused.exitCode(), refused::describe);
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                        .until(() -> node.serveIn(there, noAddress, "status").stdout().contains("DEPLOY_FAILED"));
                String status = node.serveIn(there, noAddress, "status").stdout();
                assertTrue(status.contains("serve.code.file.allowed_roots"), status);

                Installation.Result taken = node.serveIn(there, noAddress, "deploy", withWorkingDir("inside.yaml", inside).toString());
                assertEquals(0, taken.exitCode(), taken::describe);
                String ingress = "http://127.0.0.1:" + node.httpPort() + "/";
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> namespace.exec(
                        "curl", "-s", "-m", "10", "-X", "POST", "--data", "[\"MANGO\", 2]", ingress).text().equals("6"));
            } finally {
                node.serveIn(there, noAddress, "stop");
            }
        } finally {
            Files.writeString(settings, before);
        }
    }

    /** The FruitStand config with its code from {@code jar} (a file: working_dir), written to the installation. */
    private Path withWorkingDir(String name, Path jar) throws Exception {
        String config = fruitConfig.replace("runtime_env: {}", "runtime_env: {working_dir: \"" + jar.toUri() + "\"}");
        assertTrue(config.contains(jar.toUri().toString()), "the example config has an empty runtime_env: " + fruitConfig);
        return Files.writeString(node.home().resolve(name), config);
    }

    private String statusWith(String token) throws Exception {
        return node.rawToAgent("GET", "/api/serve/deployments/status",
                Map.of("Host", "127.0.0.1:" + node.agentPort(), "Authorization", "Bearer " + token), "");
    }

    private Installation.Result restart(Map<String, String> env, String... options) {
        Installation.Result stopped = node.serve("stop");
        assertEquals(0, stopped.exitCode(), stopped::describe);
        Installation.Result started = node.start(env, options);
        assertEquals(0, started.exitCode(), started::describe);
        return started;
    }

    private String token() throws Exception {
        return Files.readString(node.dataDir().resolve("agent.token")).trim();
    }

    private String nodeLogs() throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(node.dataDir().resolve("log"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
