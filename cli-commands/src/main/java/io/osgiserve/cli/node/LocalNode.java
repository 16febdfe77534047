package io.osgiserve.cli.node;

import io.osgiserve.cli.client.AgentClient;
import io.osgiserve.cli.client.AgentCredentials;
import io.osgiserve.cli.client.AgentException;
import io.osgiserve.cli.verbs.UserError;
import io.osgiserve.config.AgentTokenFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The node of one installation (like {@code ray start --head} / {@code ray stop}): launched as
 * {@code $SERVE_HOME/bin/serve-node} in its own session, recorded in {@code serve-node.properties}
 * in the node's data directory ({@code $KARAF_DATA}, else {@code $SERVE_HOME/data}), its output in
 * {@code log/serve-node.out} beside it.
 */
public final class LocalNode {
    public static final String RECORD_FILE = "serve-node.properties";
    public static final String LOG_FILE = "serve-node.out";
    private static final int LOG_LINES_SHOWN = 30;
    private static final Duration POLL = Duration.ofMillis(50);

    private final Path serveHome;
    private final Map<String, String> env;
    private final Duration startTimeout;
    private final Duration stopTimeout;

    /**
     * @param serveHome the distribution (system property {@code serve.home}); null outside one
     * @param env the environment the node is started with ({@code KARAF_DATA}, {@code EXTRA_JAVA_OPTS}, ...)
     */
    public LocalNode(Path serveHome, Map<String, String> env, Duration startTimeout, Duration stopTimeout) {
        this.serveHome = serveHome;
        this.env = env;
        this.startTimeout = startTimeout;
        this.stopTimeout = stopTimeout;
    }

    /** The node's data directory: {@code $KARAF_DATA}, else {@code $SERVE_HOME/data}. */
    public Path dataDir() {
        String karafData = env.get("KARAF_DATA");
        return karafData != null && !karafData.isBlank() ? Path.of(karafData) : home().resolve("data");
    }

    /** The node's configuration directory: {@code $KARAF_ETC}, else {@code $SERVE_HOME/etc}; null outside a distribution. */
    public Path etcDir() {
        String karafEtc = env.get("KARAF_ETC");
        if (karafEtc != null && !karafEtc.isBlank()) {
            return Path.of(karafEtc);
        }
        return serveHome == null ? null : serveHome.resolve("etc");
    }

    /**
     * The node's settings as the node will read them: {@code given} (options of serve start) over the node's
     * file ({@code etc/io.osgiserve.node.cfg}) over the defaults.
     */
    public io.osgiserve.config.NodeSettings settings(Map<String, String> given) {
        Path etc = etcDir();
        return io.osgiserve.config.NodeSettings.from(key -> key.equals("karaf.etc")
                ? (etc == null ? null : etc.toString()) : given.get(key));
    }

    /**
     * The token of this installation's node: from the file its record names, else from {@code agent.token}
     * where a node of this installation keeps it; null when there is none.
     */
    public String token() {
        Optional<NodeRecord> record = record();
        if (record.isPresent() && !record.get().settings().agentAuth()) {
            return null;
        }
        Path file = record.map(r -> r.settings().tokenFile()).filter(f -> !f.isEmpty()).map(Path::of)
                .orElseGet(() -> AgentTokenFile.of(settings(Map.of()), dataDir()).path());
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            return token.isEmpty() ? null : token;
        } catch (IOException e) {
            return null; // no node made one (yet), or it is not ours to read: the agent's 401 says where it is
        }
    }

    public Path recordFile() {
        return dataDir().resolve(RECORD_FILE);
    }

    public Path logFile() {
        return dataDir().resolve("log").resolve(LOG_FILE);
    }

    /** The node of this installation, if one is running. */
    public Optional<NodeRecord> running() {
        return record().filter(LocalNode::alive);
    }

    /** @throws UserError if a node from this installation runs already */
    public void refuseIfRunning() {
        Optional<NodeRecord> existing = running();
        if (existing.isPresent()) {
            throw new UserError("A serve node from this installation is already running (pid " + existing.get().pid()
                    + ", agent " + existing.get().settings().agentAddress() + "). Stop it first with serve stop.");
        }
    }

    /**
     * Launches the node, returns once its agent answers.
     *
     * @throws UserError if a node runs already, the agent port is taken, or the node dies or stays silent
     */
    public NodeRecord start(NodeSettings settings, Map<String, String> nodeProperties, String token) {
        Path launcher = home().resolve("bin").resolve("serve-node");
        if (!Files.isExecutable(launcher)) {
            throw new UserError("No node launcher at " + launcher + ": SERVE_HOME (" + home()
                    + ") is not a complete serve distribution.");
        }
        refuseIfRunning();
        requireFree(settings.agentHost(), settings.agentPort());
        Process process = launch(launcher, nodeProperties, token);
        NodeRecord record = new NodeRecord(process.pid(),
                process.toHandle().info().startInstant().map(Object::toString).orElse(""), settings, logFile());
        try {
            record.write(recordFile());
        } catch (IOException e) {
            kill(process.toHandle());
            throw new UserError("Cannot write " + recordFile() + ": " + e.getMessage(), e);
        }
        awaitAgent(process, settings);
        return record;
    }

    /** What {@link #stop()} found and did. */
    public record Stopped(NodeRecord record, boolean wasRunning, boolean forced) {
    }

    /** Stops the node of this installation and forgets it; empty when there was no record of one. */
    public Optional<Stopped> stop() {
        Optional<NodeRecord> record = record();
        if (record.isEmpty()) {
            return Optional.empty();
        }
        boolean wasRunning = alive(record.get());
        boolean forced = false;
        if (wasRunning) {
            forced = !terminate(ProcessHandle.of(record.get().pid()).orElseThrow());
        }
        forget();
        return Optional.of(new Stopped(record.get(), wasRunning, forced));
    }

    /** The last lines of the node's output (for a node that died). */
    public List<String> logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return new ArrayList<>(lines.subList(Math.max(0, lines.size() - LOG_LINES_SHOWN), lines.size()));
        } catch (IOException e) {
            return List.of();
        }
    }

    private Path home() {
        if (serveHome == null) {
            throw new UserError("This command runs from a serve distribution: use its bin/serve"
                    + " (the system property serve.home is not set).");
        }
        return serveHome;
    }

    private Optional<NodeRecord> record() {
        try {
            return NodeRecord.read(recordFile());
        } catch (IOException e) {
            throw new UserError("Cannot read " + recordFile() + ": " + e.getMessage()
                    + ". If no node runs, delete the file.", e);
        }
    }

    private void forget() {
        try {
            Files.deleteIfExists(recordFile());
        } catch (IOException e) {
            throw new UserError("Cannot delete " + recordFile() + ": " + e.getMessage(), e);
        }
    }

    /** Alive and the very process that was recorded (a reused pid has another start time). */
    private static boolean alive(NodeRecord record) {
        Optional<ProcessHandle> handle = ProcessHandle.of(record.pid()).filter(LocalNode::running);
        if (handle.isEmpty()) {
            return false;
        }
        Optional<String> started = handle.get().info().startInstant().map(Object::toString);
        return record.startInstant().isEmpty() || started.isEmpty() || started.get().equals(record.startInstant());
    }

    private static void requireFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UserError("The agent port " + port + " on " + host + " is in use (" + e.getMessage()
                    + "). Choose another with --agent-port.", e);
        }
    }

    private Process launch(Path launcher, Map<String, String> nodeProperties, String token) {
        List<String> command = new ArrayList<>();
        // Its own session: the node outlives this command and the terminal's Ctrl-C does not reach it.
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                command.add(setsid);
                break;
            }
        }
        command.add(launcher.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(home().toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        List<String> options = new ArrayList<>();
        nodeProperties.forEach((key, value) -> {
            if (value.chars().anyMatch(Character::isWhitespace)) {
                throw new UserError("Cannot hand '" + value + "' (" + key + ") to the node on its command line: it holds a space;"
                        + " write it in " + etcDir().resolve(io.osgiserve.config.NodeSettings.NODE_FILE) + " instead.");
            }
            options.add("-D" + key + "=" + value);
        });
        // The token reaches the node through the environment (not the command line, where ps shows it).
        if (token != null) {
            builder.environment().put(AgentCredentials.ENV_TOKEN, token);
        }
        String extra = env.getOrDefault("EXTRA_JAVA_OPTS", "").trim();
        builder.environment().put("EXTRA_JAVA_OPTS", (extra.isEmpty() ? "" : extra + " ") + String.join(" ", options));
        // bin/serve-node execs java, so the recorded pid is the JVM's own.
        builder.redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        try {
            Files.createDirectories(logFile().getParent());
            builder.redirectOutput(ProcessBuilder.Redirect.to(logFile().toFile()));
            return builder.start();
        } catch (IOException e) {
            throw new UserError("Cannot launch " + launcher + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the started node's agent lists the node as a member of a cluster (its member has joined,
     * or formed, one), so that what the user sends next is the cluster's.
     */
    public void awaitClusterMember(NodeRecord record, String token) {
        NodeSettings settings = record.settings();
        // this call carries the token: the certificate is checked as the other commands check it (the node's own
        // PEM certificate, else the JDK's CAs), never trusted blindly like the tokenless start-up probe
        javax.net.ssl.SSLContext trust = settings.agentTls() && !settings.agentCertificate().isEmpty()
                ? io.osgiserve.cli.client.AgentCredentials.trusting(java.nio.file.Path.of(settings.agentCertificate())) : null;
        AgentClient agent = new AgentClient(settings.agentAddress(), token, trust, Duration.ofSeconds(1), Duration.ofSeconds(5));
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (agent.nodes().get("nodes") instanceof List<?> nodes && !nodes.isEmpty()) {
                    return;
                }
            } catch (AgentException e) {
                // restarting onto the cluster's node, or not there yet
            }
            if (!alive(record)) {
                forget();
                throw new UserError("The node exited before it joined a cluster; its output is in " + logFile() + ".", null, logTail());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new UserError("The node runs (agent " + settings.agentAddress() + ") but its cluster member did not join or form a cluster"
                + " within " + startTimeout.toSeconds() + " s; its output is in " + logFile() + ".", null, logTail());
    }

    private void awaitAgent(Process process, NodeSettings settings) {
        // Only whether it answers: the version is open, no token is sent, so the probe need not check the certificate.
        AgentClient probe = new AgentClient(settings.agentAddress(), null, settings.agentTls() ? TrustAll.context() : null,
                Duration.ofSeconds(1), Duration.ofSeconds(5));
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            if (answers(probe)) {
                return;
            }
            if (!process.isAlive()) {
                forget();
                throw new UserError("The node exited with code " + process.exitValue()
                        + " before its agent answered at " + settings.agentAddress() + "; its output is in "
                        + logFile() + ".", null, logTail());
            }
            if (System.nanoTime() > deadline) {
                terminate(process.toHandle());
                forget();
                throw new UserError("The node's agent did not answer at " + settings.agentAddress() + " within "
                        + startTimeout.toSeconds() + " s; the node was stopped. Its output is in " + logFile() + ".",
                        null, logTail());
            }
            try {
                process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                terminate(process.toHandle());
                forget();
                throw new UserError("Interrupted while the node was starting; the node was stopped.", e);
            }
        }
    }

    private static boolean answers(AgentClient probe) {
        try {
            probe.version();
            return true;
        } catch (AgentException e) {
            // Any HTTP answer (401 without a token, say) shows the agent is up.
            return e.statusCode() != 0;
        }
    }

    /** Asks the process (and what it started) to stop; forces it after the stop timeout. True if it stopped by itself. */
    private boolean terminate(ProcessHandle process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        boolean graceful = awaitExit(process, stopTimeout);
        if (!graceful) {
            kill(process);
        }
        descendants.stream().filter(LocalNode::running).forEach(LocalNode::kill);
        return graceful;
    }

    private static void kill(ProcessHandle process) {
        process.destroyForcibly();
        awaitExit(process, Duration.ofSeconds(10));
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        CompletableFuture<ProcessHandle> exit = process.onExit();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running(process)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                exit.get(Math.min(left, POLL.toNanos()), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                // look again: the process may have exited without being reaped yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !running(process);
            } catch (ExecutionException e) {
                return !running(process);
            }
        }
        return true;
    }

    /**
     * Alive and not a zombie. A node outlives the command that started it, so its parent is the
     * system's init, which may reap it only seconds after it exited; until then the JDK counts it alive.
     */
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int end = stat.lastIndexOf(')');
            char state = end < 0 || end + 2 >= stat.length() ? '?' : stat.charAt(end + 2);
            return state != 'Z' && state != 'X'; // zombie, or dead
        } catch (IOException | RuntimeException e) {
            return process.isAlive(); // no /proc here (or it just went away)
        }
    }
}
