package io.osgiserve.cli.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The record of the node started from an installation ({@code serve-node.properties}): its process
 * and the addresses it was given. Written when the node is launched, removed when it is stopped.
 */
public record NodeRecord(long pid, String startInstant, NodeSettings settings, Path log) {

    static Optional<NodeRecord> read(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(new NodeRecord(
                    Long.parseLong(p.getProperty("pid")),
                    p.getProperty("start.instant", ""),
                    new NodeSettings(p.getProperty("agent.host"), Integer.parseInt(p.getProperty("agent.port")),
                            p.getProperty("http.host"), Integer.parseInt(p.getProperty("http.port")),
                            Boolean.parseBoolean(p.getProperty("agent.tls", "false")),
                            Boolean.parseBoolean(p.getProperty("agent.auth", "true")),
                            p.getProperty("agent.certificate", ""), p.getProperty("agent.token.file", ""),
                            p.getProperty("agent.name", "")),
                    Path.of(p.getProperty("log", ""))));
        } catch (RuntimeException e) {
            throw new IOException(file + " is damaged (" + e.getMessage() + ")", e);
        }
    }

    /** Written to a temporary file first, then moved, so a reader never sees half of it. */
    void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("start.instant", startInstant);
        p.setProperty("agent.host", settings.agentHost());
        p.setProperty("agent.port", Integer.toString(settings.agentPort()));
        p.setProperty("agent.address", settings.agentAddress());
        p.setProperty("agent.tls", Boolean.toString(settings.agentTls()));
        p.setProperty("agent.auth", Boolean.toString(settings.agentAuth()));
        p.setProperty("agent.certificate", settings.agentCertificate());
        p.setProperty("agent.token.file", settings.tokenFile());
        p.setProperty("agent.name", settings.agentName());
        p.setProperty("http.host", settings.httpHost());
        p.setProperty("http.port", Integer.toString(settings.httpPort()));
        p.setProperty("log", log.toString());
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "the serve node started from this installation (serve start / serve run)");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
