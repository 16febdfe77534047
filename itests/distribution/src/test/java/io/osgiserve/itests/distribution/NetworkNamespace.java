package io.osgiserve.itests.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace of the test's own ({@code ip netns}), its loopback up and holding one more address that
 * is not a loopback address: a node listening there sees callers from a non-loopback address, as from another
 * machine, without touching this machine's interfaces. Needs root and iproute2: skipped for a user without root,
 * a failure for root.
 */
final class NetworkNamespace implements AutoCloseable {

    private final String name;
    private final String address;

    private NetworkNamespace(String name, String address) {
        this.name = name;
        this.address = address;
    }

    /** A new namespace whose loopback also holds {@code address} (an IPv4 address outside 127.0.0.0/8). */
    static NetworkNamespace create(String address) {
        String name = "osgiserve-it-" + UUID.randomUUID().toString().substring(0, 8);
        Output added = run(List.of("ip", "netns", "add", name));
        if (added.exitCode != 0) {
            String why = "cannot create a network namespace (root and iproute2 needed; .ci/test-tools installs iproute2): " + added.text;
            // only a developer's run without root may skip: as root (CI) it is a failure, never a silent skip
            Assumptions.assumeTrue(isRoot(), why);
            throw new AssertionError(why);
        }
        NetworkNamespace namespace = new NetworkNamespace(name, address);
        Output up = namespace.exec("ip", "link", "set", "lo", "up");
        Output addr = namespace.exec("ip", "addr", "add", address + "/32", "dev", "lo");
        if (up.exitCode != 0 || addr.exitCode != 0) {
            namespace.close();
            throw new AssertionError("could not set up " + name + ": " + up.text + addr.text);
        }
        return namespace;
    }

    /** The non-loopback address inside the namespace. */
    String address() {
        return address;
    }

    /** What runs a command inside the namespace. */
    List<String> prefix() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Runs a command inside the namespace; its exit code and standard output (with standard error). */
    Output exec(String... command) {
        List<String> all = new ArrayList<>(prefix());
        all.addAll(List.of(command));
        return run(all);
    }

    /** Ends every process left in the namespace, then deletes it. */
    @Override
    public void close() {
        for (String pid : run(List.of("ip", "netns", "pids", name)).text.strip().split("\\s+")) {
            if (!pid.isEmpty()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        run(List.of("ip", "netns", "delete", name));
    }

    private static boolean isRoot() {
        return run(List.of("id", "-u")).text.strip().equals("0");
    }

    record Output(int exitCode, String text) {
    }

    private static Output run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Output(-1, String.join(" ", command) + " did not finish");
            }
            return new Output(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Output(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
