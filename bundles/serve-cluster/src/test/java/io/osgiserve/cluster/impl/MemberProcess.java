package io.osgiserve.cluster.impl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link MemberMain} JVM driven by the tests: commands with bounded waits, kill -9, SIGSTOP and SIGCONT. */
final class MemberProcess implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(40);

    final String nodeId;
    final int port;
    final Path dataDir;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final AtomicInteger sequence = new AtomicInteger();

    private MemberProcess(String nodeId, int port, Path dataDir, Process process) {
        this.nodeId = nodeId;
        this.port = port;
        this.dataDir = dataDir;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "member-" + nodeId);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a member and waits until it has joined or formed a cluster. */
    static MemberProcess start(String nodeId, Path dataDir, int port, List<Integer> join, String token) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "-cp", System.getProperty("serve.test.classpath"), MemberMain.class.getName(),
                nodeId, dataDir.toString(), Integer.toString(port),
                join.isEmpty() ? "-" : String.join(",", join.stream().map(p -> "127.0.0.1:" + p).toList()), token));
        java.nio.file.Files.createDirectories(dataDir);
        Process process = new ProcessBuilder(command).redirectError(dataDir.resolve("stderr.log").toFile()).start();
        MemberProcess member = new MemberProcess(nodeId, port, dataDir, process);
        String first = member.lines.poll(START.toMillis(), TimeUnit.MILLISECONDS);
        if (!"ready".equals(first)) {
            member.close();
            throw new IllegalStateException(nodeId + " did not start (" + first + "); see " + dataDir.resolve("stderr.log"));
        }
        return member;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Sends a command and returns its answer, or null when none came within {@code wait}. */
    String ask(String command, Duration wait) throws IOException, InterruptedException {
        String id = Integer.toString(sequence.incrementAndGet());
        stdin.write(id + " " + command + "\n");
        stdin.flush();
        long deadline = System.nanoTime() + wait.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith(id + " ")) {
                return line.substring(id.length() + 1);
            }
        }
        return null;
    }

    String ask(String command) throws IOException, InterruptedException {
        return ask(command, Duration.ofSeconds(15));
    }

    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Asks the member to leave and waits for its JVM to end. */
    void stop() throws Exception {
        try {
            stdin.write("quit\n");
            stdin.flush();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill9();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                signal("CONT");
            } catch (Exception e) {
                // it ends below either way
            }
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
