package io.osgiserve.runtime.controller;

import java.util.Map;

/**
 * Where each deployment's configuration lives outside the controller. In the node this is
 * ConfigAdmin (one named factory configuration a deployment, {@code serve.deployment~<app>.<deployment>},
 * delivered to the DS component serve.deployment, which reports to {@link DeploymentHost}); without a
 * framework, {@link MemoryCarrier}.
 */
public interface DeploymentCarrier {
    /** Writes (creates or replaces) the deployment's configuration. */
    void write(String app, String deployment, Map<String, Object> properties);

    void delete(String app, String deployment);

    /** Deletes every deployment configuration left from an earlier run: at start the goal is the truth. */
    void deleteAll();

    /** How an operator names the configuration (its PID). */
    String pid(String app, String deployment);
}
