package io.osgiserve.runtime.controller;

import io.osgiserve.config.RuntimeEnv;

/** Turns a runtime_env into installed code: new code beside the old, the old removed when unused. */
public interface CodeInstaller {
    /** Installs what {@code env} names (or returns the already installed code when its bytes are the same). */
    InstalledCode install(RuntimeEnv env) throws DeployFailure;

    /** Removes code no deployment runs any more (a no-op for code that was installed by other means). */
    void uninstall(InstalledCode code);
}
