package io.osgiserve.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * An application as the planner compares it: its config, the identity of its code (for example the
 * digests of its bundles), and the names of the deployments its code defines (the config may list
 * only some of them).
 */
public record AppSnapshot(AppConfig config, String codeIdentity, Set<String> deploymentNames) {

    public AppSnapshot {
        Objects.requireNonNull(config, "config");
        deploymentNames = deploymentNames == null
                ? Set.of()
                : Collections.unmodifiableSet(new LinkedHashSet<>(deploymentNames));
    }
}
