package io.osgiserve.itests.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private copy of the built distribution, with its own node on free ports, driven through its
 * {@code bin/serve} as a user would. A node a user runs on the default ports is never touched.
 */
final class Installation implements AutoCloseable {

    /** What one {@code bin/serve} invocation printed and returned. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        String describe() {
            return String.join(" ", command) + " exited " + exitCode
                    + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final Path home;
    private final int agentPort;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int invocations;
    private boolean paused;

    private Installation(Path home, int agentPort, int httpPort) {
        this.home = home;
        this.agentPort = agentPort;
        this.httpPort = httpPort;
    }

    /** A fresh copy of the distribution under target/nodes/&lt;test class&gt;, with two free ports. */
    static Installation copyFor(Class<?> testClass) throws IOException {
        return copyFor(testClass, testClass.getSimpleName());
    }

    /** The same, in target/nodes/&lt;name&gt;: several nodes of one test (a cluster) each get a copy. */
    static Installation copyFor(Class<?> testClass, String name) throws IOException {
        Path distribution = Path.of(required("serve.distribution"));
        if (!Files.isRegularFile(distribution.resolve("bin/serve"))) {
            throw new IllegalStateException("no distribution at " + distribution + " (build assembly/ first)");
        }
        Path home = Path.of(required("serve.nodes")).resolve(name);
        deleteTree(home);
        copyTree(distribution, home);
        try (Stream<Path> scripts = Files.list(home.resolve("bin"))) {
            scripts.filter(p -> !p.toString().endsWith(".bat")).forEach(p -> p.toFile().setExecutable(true));
        }
        int[] ports = freePorts(2);
        return new Installation(home, ports[0], ports[1]);
    }

    Path home() {
        return home;
    }

    int agentPort() {
        return agentPort;
    }

    int httpPort() {
        return httpPort;
    }

    String agentAddress() {
        return "http://127.0.0.1:" + agentPort;
    }

    /** {@code bin/serve start} on this installation's ports. */
    Result start() {
        return start(Map.of());
    }

    /** {@code bin/serve start OPTIONS} on this installation's ports, with more environment variables. */
    Result start(Map<String, String> env, String... options) {
        List<String> args = new ArrayList<>(List.of("start", "--agent-port", String.valueOf(agentPort),
                "--http-port", String.valueOf(httpPort)));
        args.addAll(List.of(options));
        return serve(env, args.toArray(new String[0]));
    }

    /** The node's data directory. */
    Path dataDir() {
        return home.resolve("data");
    }

    /**
     * One HTTP/1.1 request to the agent over a plain socket, with exactly the headers given (a client library
     * would set Host itself); the whole answer, status line first.
     */
    String rawToAgent(String method, String path, Map<String, String> headers, String body) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", agentPort)) {
            socket.setSoTimeout(20_000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            request.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs {@code bin/serve ARGS} in the installation directory, with the agent address in
     * SERVE_AGENT_ADDRESS (as a user would export it) and no other serve/Ray variables.
     * Output goes to files: a node started in the background may keep inherited pipes open.
     */
    Result serve(String... args) {
        return serve(Map.of(), args);
    }

    /** The same with more environment variables (they win over SERVE_AGENT_ADDRESS). */
    Result serve(Map<String, String> moreEnv, String... args) {
        return serveIn(List.of(), moreEnv, args);
    }

    /** The same run through {@code prefix} (say, {@code ip netns exec NAME}: the CLI and a node it starts live there). */
    Result serveIn(List<String> prefix, Map<String, String> moreEnv, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(home.resolve("bin/serve").toString());
        command.addAll(List.of(args));
        int n = ++invocations;
        Path out = home.resolve("itest-cli-" + n + ".out");
        Path err = home.resolve("itest-cli-" + n + ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("SERVE_") || k.startsWith("RAY_"));
        env.put("SERVE_AGENT_ADDRESS", agentAddress());
        env.putAll(moreEnv);
        try {
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT);
            }
            return new Result(command, process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** {@code PUT} of a config to the agent, with an {@code Authorization} header when {@code token} is not null. */
    HttpResponse<String> putToAgent(String path, String yaml, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(agentAddress() + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(yaml));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET} from the agent with the node's token (from its agent.token), as an operator's client sends it. */
    HttpResponse<String> getFromAgent(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(agentAddress() + path))
                .timeout(Duration.ofSeconds(10)).GET();
        Path tokenFile = dataDir().resolve("agent.token");
        if (Files.isRegularFile(tokenFile)) {
            request.header("Authorization", "Bearer " + Files.readString(tokenFile).trim());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postToIngress(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Whether anything accepts connections on the port (false once a node has let go of it). */
    static boolean accepting(int port) {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the node through bin/serve; if that fails, ends the Karaf process this copy started. */
    @Override
    public void close() {
        if (paused) {
            resumeNode(); // a stopped JVM would not hear serve stop
        }
        try {
            serve("stop");
        } finally {
            karafPid().flatMap(ProcessHandle::of).filter(this::isThisNode).ifPresent(p -> {
                p.destroy();
                p.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(t -> {
                    p.destroyForcibly();
                    return p;
                }).join();
            });
        }
    }

    /** Ends this copy's node at once, as kill -9 would (no shutdown hook, no goodbye to the cluster). */
    void killNode() {
        ProcessHandle node = karafPid().flatMap(ProcessHandle::of).filter(this::isThisNode)
                .orElseThrow(() -> new AssertionError("no node of " + home + " runs"));
        node.destroyForcibly();
        node.onExit().orTimeout(20, TimeUnit.SECONDS).join();
    }

    /** Stops this copy's node where it stands, as kill -STOP would (a hung node: its sockets stay open, it answers nothing). */
    void pauseNode() {
        signal("STOP");
        paused = true;
    }

    /** Whether {@link #pauseNode} stopped it (its agent answers nothing then). */
    boolean paused() {
        return paused;
    }

    /** Lets a node stopped with {@link #pauseNode} run again (kill -CONT). */
    void resumeNode() {
        signal("CONT");
        paused = false;
    }

    private void signal(String name) {
        long pid = karafPid().flatMap(ProcessHandle::of).filter(this::isThisNode).map(ProcessHandle::pid)
                .orElseThrow(() -> new AssertionError("no node of " + home + " runs"));
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(20, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + pid + " failed: " + new String(kill.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Guards against a recycled pid: only a JVM whose command line names this copy is ours. */
    private boolean isThisNode(ProcessHandle process) {
        return process.info().commandLine().map(cmd -> cmd.contains(home.toString())).orElse(false);
    }

    private Optional<Long> karafPid() {
        Path pidFile = home.resolve("data/karaf.pid");
        try {
            return Files.isRegularFile(pidFile) ? Optional.of(Long.parseLong(Files.readString(pidFile).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (run through failsafe: mvn verify)");
        }
        return value;
    }

    /** A port free now (for a node's cluster member). */
    static int freePort() throws IOException {
        return freePorts(1)[0];
    }

    /** A request with this installation's token to another node's agent port (any node of its cluster). */
    HttpResponse<String> toAgentAt(int port, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/yaml")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        Path tokenFile = dataDir().resolve("agent.token");
        if (Files.isRegularFile(tokenFile)) {
            request.header("Authorization", "Bearer " + Files.readString(tokenFile).trim());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                socket.setReuseAddress(true);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
