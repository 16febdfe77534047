package io.osgiserve.config;

import java.util.Objects;

/**
 * What a redeploy does to one deployment. For {@link ChangeKind#LIGHTWEIGHT}, {@code reconfigure} says
 * that {@code user_config} changed and {@code rescale} that {@code num_replicas} or
 * {@code autoscaling_config} did (both may hold); the flags are false for every other kind.
 */
public record DeploymentChange(String name, ChangeKind kind, boolean reconfigure, boolean rescale) {

    public DeploymentChange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
