package io.osgiserve.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Where a node keeps its state and what its id is: one rule for every component of the node (runtime,
 * cluster member, agent). The data directory is {@code serve.data.dir}, else {@code $karaf.data/serve},
 * else a fallback (a bundle's data area); the id is {@code serve.node.id}, else the one kept in the data
 * directory's {@code node_id}, created once, atomically, by whichever component comes first.
 */
public final class NodeIdentity {
    public static final String NODE_ID_FILE = "node_id";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private NodeIdentity() {
    }

    /** The node's data directory, created if missing. */
    public static Path dataDir(Function<String, String> properties, Supplier<Path> fallback) {
        String dir = properties.apply("serve.data.dir");
        String karafData = properties.apply("karaf.data");
        if ((dir == null || dir.isBlank()) && karafData != null && !karafData.isBlank()) {
            dir = karafData.trim() + "/serve";
        }
        Path path = dir != null && !dir.isBlank() ? Path.of(dir.trim()) : fallback.get();
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + path, e);
        }
    }

    /** Karaf's data directory (where the agent keeps {@code agent.token}), else the fallback. */
    public static Path karafData(Function<String, String> properties, Supplier<Path> fallback) {
        String karafData = properties.apply("karaf.data");
        return karafData != null && !karafData.isBlank() ? Path.of(karafData.trim()) : fallback.get();
    }

    /**
     * {@code serve.node.id} when set, else the id in {@code node_id} in {@code dataDir}; a new random id is
     * written there first if there is none (a complete file moved into place: two components starting at
     * once read the same id).
     */
    public static String nodeId(Function<String, String> properties, Path dataDir) {
        String configured = properties.apply("serve.node.id");
        if (configured != null && !configured.isBlank()) {
            String id = configured.trim();
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("serve.node.id: 1 to 64 letters, digits, '.', '_' or '-', not '" + id + "'");
            }
            return id;
        }
        Path file = dataDir.resolve(NODE_ID_FILE);
        try {
            if (!Files.exists(file)) {
                Path tmp = Files.createTempFile(dataDir, NODE_ID_FILE, ".tmp");
                try {
                    Files.writeString(tmp, UUID.randomUUID().toString().replace("-", ""), StandardCharsets.UTF_8);
                    moveIfAbsent(tmp, file);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!ID.matcher(id).matches()) {
                throw new IllegalStateException(file + " does not hold a node id; delete it to get a new one");
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the node id in " + file, e);
        }
    }

    // a hard link fails when the target exists: the first writer wins, and no reader sees a partial file
    private static void moveIfAbsent(Path tmp, Path file) throws IOException {
        try {
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            // another component made it first: theirs is the id
        } catch (UnsupportedOperationException e) {
            try {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException ignored) {
                // fall through: read what is there
            }
        }
    }
}
