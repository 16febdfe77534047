package io.osgiserve.runtime.controller;

import java.util.Map;

/** Where deployment configurations arrive (from the DS component serve.deployment, or a carrier in tests). */
public interface DeploymentHost {
    /** A deployment's configuration was written: by the node (its own mark) or by an operator (a deploy). */
    void configured(Map<String, ?> properties);

    /** A deployment's configuration went away. */
    void removed(String app, String deployment);
}
