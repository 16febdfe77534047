package io.osgiserve.runtime.controller;

import io.osgiserve.config.RuntimeEnv;
import io.osgiserve.runtime.code.Caller;

/** Turns a runtime_env into installed code: new code beside the old, the old removed when unused. */
public interface CodeInstaller {
    /**
     * Installs what {@code env} names (or returns the already installed code when its bytes are the same),
     * fetching {@code file:} URIs only as {@code caller} may.
     */
    InstalledCode install(RuntimeEnv env, Caller caller) throws DeployFailure;

    /** Removes code no deployment runs any more (a no-op for code that was installed by other means). */
    void uninstall(InstalledCode code);
}
