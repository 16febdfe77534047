package io.osgiserve.api;

import java.util.Map;

/** What a replica may know about itself; declare it as the constructor's last parameter. */
public interface ReplicaContext {
    String appName();

    String deploymentName();

    /** Unique per replica; a replaced replica gets a new one. */
    String replicaId();

    /** {@code runtime_env.env_vars} of the application. */
    Map<String, String> envVars();
}
