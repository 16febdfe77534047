package io.osgiserve.config;

import java.util.List;
import java.util.Optional;

/** What a redeploy must do to one application, per deployment; made by {@link UpdatePlanner}. */
public final class UpdatePlan {

    private final List<DeploymentChange> changes;
    private final boolean reinstall;
    private final boolean routePrefixChanged;
    private final boolean deletesApplication;

    UpdatePlan(List<DeploymentChange> changes, boolean reinstall, boolean routePrefixChanged, boolean deletesApplication) {
        this.changes = List.copyOf(changes);
        this.reinstall = reinstall;
        this.routePrefixChanged = routePrefixChanged;
        this.deletesApplication = deletesApplication;
    }

    /** The wanted deployments in order (the config's, then the code's others), then the removed ones. */
    public List<DeploymentChange> changes() {
        return changes;
    }

    public Optional<DeploymentChange> change(String name) {
        return changes.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** True when the running application's code is replaced (import_path, runtime_env, args or code changed). */
    public boolean reinstall() {
        return reinstall;
    }

    /** True when the application's route_prefix changed (multi-application form): routes move, replicas stay. */
    public boolean routePrefixChanged() {
        return routePrefixChanged;
    }

    /** True when the application is no longer wanted: every deployment is {@link ChangeKind#REMOVE}. */
    public boolean deletesApplication() {
        return deletesApplication;
    }

    /** True when the redeploy changes nothing at all. */
    public boolean isNoop() {
        return !reinstall && !routePrefixChanged && !deletesApplication
                && changes.stream().allMatch(c -> c.kind() == ChangeKind.UNCHANGED);
    }

    @Override
    public String toString() {
        return "UpdatePlan[reinstall=" + reinstall + ", routePrefixChanged=" + routePrefixChanged
                + ", deletesApplication=" + deletesApplication + ", changes=" + changes + "]";
    }
}
