package io.osgiserve.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a redeploy does to one deployment. {@code changed} names the effective options whose value
 * changed, by their current names (empty for {@link ChangeKind#ADD}, {@link ChangeKind#REMOVE},
 * {@link ChangeKind#REINSTALL} and {@link ChangeKind#UNCHANGED}). For {@link ChangeKind#LIGHTWEIGHT} the
 * replicas stay; {@code reconfigure} says that {@code user_config} changed (each replica's
 * {@code reconfigure} is called) and {@code rescale} that the replica count or autoscaling did; the other
 * options in {@code changed} (for example {@code max_ongoing_requests} in the multi-application form) are
 * applied in place without calling the replicas. Both flags are false for every other kind.
 */
public record DeploymentChange(String name, ChangeKind kind, boolean reconfigure, boolean rescale, Set<String> changed) {

    public DeploymentChange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        changed = changed == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(changed));
    }

    /** A change that names no changed options. */
    public DeploymentChange(String name, ChangeKind kind, boolean reconfigure, boolean rescale) {
        this(name, kind, reconfigure, rescale, Set.of());
    }
}
