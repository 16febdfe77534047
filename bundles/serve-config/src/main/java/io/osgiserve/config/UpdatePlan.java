package io.osgiserve.config;

import java.util.List;
import java.util.Optional;

/** What a redeploy must do, per deployment; made by {@link UpdatePlanner}. */
public final class UpdatePlan {

    private final List<DeploymentChange> changes;
    private final boolean reinstall;

    UpdatePlan(List<DeploymentChange> changes, boolean reinstall) {
        this.changes = List.copyOf(changes);
        this.reinstall = reinstall;
    }

    /** The wanted deployments in order (the config's, then the code's others), then the removed ones. */
    public List<DeploymentChange> changes() {
        return changes;
    }

    public Optional<DeploymentChange> change(String name) {
        return changes.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** True when the running application's code is replaced (import_path, runtime_env or code changed). */
    public boolean reinstall() {
        return reinstall;
    }

    /** True when the redeploy changes nothing at all. */
    public boolean isNoop() {
        return !reinstall && changes.stream().allMatch(c -> c.kind() == ChangeKind.UNCHANGED);
    }

    @Override
    public String toString() {
        return "UpdatePlan[reinstall=" + reinstall + ", changes=" + changes + "]";
    }
}
