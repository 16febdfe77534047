package io.osgiserve.runtime.controller;

import io.osgiserve.api.ApplicationGraph;
import io.osgiserve.config.ImportPath;

/** Code that can serve: the bundles of one runtime_env. */
public interface InstalledCode {
    /** Changes whenever the code's bytes change (a digest of the bundles). */
    String identity();

    /**
     * Whether loading from this code now would find what it found when its identity was
     * {@code loadedIdentity}: then a goal with the same import path and args reuses the loaded
     * application. Code whose identity is a digest of its bytes is unchanged while the identity is.
     */
    default boolean unchangedSince(String loadedIdentity) {
        return identity().equals(loadedIdentity);
    }

    /** The application that {@code path} names in this code. */
    ApplicationGraph load(ImportPath path) throws DeployFailure;

    /** The application that {@code path} names, built with the application's {@code args} (may be empty). */
    default ApplicationGraph load(ImportPath path, java.util.Map<String, Object> args) throws DeployFailure {
        if (!args.isEmpty()) {
            throw new DeployFailure("args: this code cannot be given args");
        }
        return load(path);
    }
}
