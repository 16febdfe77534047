package io.osgiserve.runtime.controller;

import io.osgiserve.config.ConfigDocument;
import java.util.Optional;

/** Keeps the goal state across node restarts. */
public interface GoalStore {
    record Stored(ConfigDocument config, double deploymentTimestamp) {
    }

    Optional<Stored> load();

    /** Replaces the stored goal atomically: after a crash it is the old goal or the new, never a mix. */
    void save(ConfigDocument config, double deploymentTimestamp);

    void clear();
}
