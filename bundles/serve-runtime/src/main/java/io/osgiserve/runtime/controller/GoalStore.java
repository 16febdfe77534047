package io.osgiserve.runtime.controller;

import io.osgiserve.config.ConfigDocument;
import io.osgiserve.runtime.code.Caller;
import java.util.Optional;

/** Keeps the goal state across node restarts. */
public interface GoalStore {
    /** The goal, when it was deployed and where from (a restart fetches its code with the same policy). */
    record Stored(ConfigDocument config, double deploymentTimestamp, Caller caller) {
    }

    Optional<Stored> load();

    /** Replaces the stored goal atomically: after a crash it is the old goal or the new, never a mix. */
    void save(ConfigDocument config, double deploymentTimestamp, Caller caller);

    /** Also removes the last config that was applied in full. */
    void clear();

    /** Remembers the last config that was applied in full: after a restart it serves while a failing goal fails. */
    void saveApplied(ConfigDocument config);

    Optional<ConfigDocument> loadApplied();
}
