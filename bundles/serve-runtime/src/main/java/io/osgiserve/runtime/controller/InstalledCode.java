package io.osgiserve.runtime.controller;

import io.osgiserve.api.ApplicationGraph;
import io.osgiserve.config.ImportPath;

/** Code that can serve: the bundles of one runtime_env. */
public interface InstalledCode {
    /** Changes whenever the code's bytes change (a digest of the bundles). */
    String identity();

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
