package io.osgiserve.cluster.impl;

import io.osgiserve.cluster.Versioned;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The cluster's state mirrored on this node's disk, one file a key ({@code cluster-goal.json}), each
 * replaced atomically and only by a higher generation: after a stop of the whole cluster the nodes
 * offer what they kept, and the highest generation wins.
 */
final class StateMirror {
    private static final Logger LOG = Logger.getLogger(StateMirror.class.getName());
    static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private final Path dir;

    StateMirror(Path dataDir) {
        this.dir = dataDir;
    }

    synchronized Optional<Versioned> load(String key) {
        Path file = file(key);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Records.decode(Files.readString(file)));
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "cannot read " + file + "; this node offers nothing for '" + key + "'", e);
            return Optional.empty();
        }
    }

    /** Keeps {@code value} if it is newer than what is on disk. */
    synchronized void offer(String key, Versioned value) {
        if (load(key).map(v -> v.generation() >= value.generation()).orElse(false)) {
            return;
        }
        try {
            JsonFiles.write(file(key), JsonFiles.JSON.readTree(Records.encode(value)));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot mirror '" + key + "' generation " + value.generation() + " to " + dir, e);
        }
    }

    /** The keys kept on disk. */
    synchronized List<String> keys() {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("cluster-state-") && n.endsWith(".json"))
                    .map(n -> n.substring("cluster-state-".length(), n.length() - ".json".length()))
                    .filter(k -> KEY.matcher(k).matches())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private Path file(String key) {
        return dir.resolve("cluster-state-" + key + ".json");
    }
}
