package io.osgiserve.runtime.osgi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.osgiserve.config.ConfigDocument;
import io.osgiserve.runtime.code.Caller;
import io.osgiserve.runtime.controller.GoalStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The goal state as {@code goal.json} in the node's data directory, replaced by an atomic rename. */
final class FileGoalStore implements GoalStore {
    private static final Logger LOG = Logger.getLogger(FileGoalStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path applied;

    FileGoalStore(Path dataDir) {
        this.file = dataDir.resolve("goal.json");
        this.applied = dataDir.resolve("applied.json");
    }

    @Override
    public Optional<Stored> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Map<?, ?> doc = JSON.readValue(file.toFile(), Map.class);
            ConfigDocument config = ConfigDocument.parseJson(JSON.writeValueAsString(doc.get("config")));
            Object ts = doc.get("deployment_timestamp");
            return Optional.of(new Stored(config, ts instanceof Number n ? n.doubleValue() : 0, caller(doc.get("caller"))));
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "cannot read the stored goal " + file + "; starting with nothing deployed", e);
            return Optional.empty();
        }
    }

    @Override
    public void save(ConfigDocument config, double deploymentTimestamp, Caller caller) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("deployment_timestamp", deploymentTimestamp);
        doc.put("caller", caller.name());
        doc.put("config", config.written());
        write(file, doc);
    }

    /** A goal stored before callers were kept came from loopback (all deploys were treated so); anything unknown is remote. */
    static Caller caller(Object stored) {
        if (stored == null) {
            return Caller.LOOPBACK;
        }
        return Caller.LOOPBACK.name().equals(stored) ? Caller.LOOPBACK : Caller.REMOTE;
    }

    private static void write(Path target, Object doc) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "goal", ".tmp");
            JSON.writeValue(tmp.toFile(), doc);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + target, e);
        }
    }

    @Override
    public void saveApplied(ConfigDocument config) {
        write(applied, config.written());
    }

    @Override
    public Optional<ConfigDocument> loadApplied() {
        if (!Files.exists(applied)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConfigDocument.parseJson(Files.readString(applied)));
        } catch (Exception e) {
            LOG.log(Level.WARNING, "cannot read " + applied + "; ignoring it", e);
            return Optional.empty();
        }
    }

    @Override
    public void clear() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(applied);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
