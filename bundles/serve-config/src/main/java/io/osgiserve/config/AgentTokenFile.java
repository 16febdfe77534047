package io.osgiserve.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The file where a node keeps its agent's token ({@code agent.token}, mode 0600): the node writes it, the
 * CLI of the same installation and the node's own shell commands read it, so none of them needs a token
 * set by hand.
 */
public final class AgentTokenFile {

    public static final String NAME = "agent.token";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path path;

    private AgentTokenFile(Path path) {
        this.path = path;
    }

    /** The file the settings name ({@code serve.agent.token.file}), else {@code agent.token} in {@code dataDir}. */
    public static AgentTokenFile of(NodeSettings settings, Path dataDir) {
        String named = settings.text(NodeSettings.AGENT_TOKEN_FILE);
        return new AgentTokenFile(named.isEmpty() ? dataDir.resolve(NAME) : Path.of(named));
    }

    public Path path() {
        return path;
    }

    /** The token in the file; empty when there is no file or it is blank. */
    public Optional<String> read() throws IOException {
        try {
            String token = Files.readString(path, StandardCharsets.UTF_8).trim();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * The node's token: {@code given} when present (written to the file, so the CLI finds it), else the one in
     * the file, else a new random one (256 bits), written to the file. The file is left with mode 0600.
     */
    public String establish(Optional<String> given) throws IOException {
        if (given.isPresent()) {
            write(given.get());
            return given.get();
        }
        Optional<String> kept = read();
        if (kept.isPresent()) {
            restrict(path);
            return kept.get();
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        write(token);
        return token;
    }

    /** Written to a private temporary file first, then moved, so that no reader sees it half written or open. */
    private void write(String token) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(path.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
        restrict(path);
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own access rules apply
        }
    }
}
