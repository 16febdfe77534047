package io.osgiserve.config;

import io.osgiserve.config.impl.Values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Says what a redeploy must do to each application and each of its deployments. Applications are
 * independent: one's plan never names another's deployments.
 *
 * <ol>
 * <li>Nothing runs: every wanted deployment is {@link ChangeKind#ADD}.</li>
 * <li>The code changed ({@code import_path}, {@code runtime_env}, the multi-application form's
 * {@code args}, the code identity, or the form itself): {@link UpdatePlan#reinstall()}; every deployment
 * in both is {@link ChangeKind#REINSTALL}, the new ones {@link ChangeKind#ADD}, the ones no longer defined
 * {@link ChangeKind#REMOVE}.</li>
 * <li>Otherwise, per deployment, its <em>effective</em> options are compared (the code's options, the
 * config's fields over them, the form's defaults under both; numbers by value, aliases by their current
 * names), so writing out or deleting a line that restates a default changes nothing. Then the form's
 * update classes decide: a changed option that needs new replicas makes {@link ChangeKind#REPLACE};
 * else any change is {@link ChangeKind#LIGHTWEIGHT} (replicas stay), with {@code reconfigure} when
 * {@code user_config} changed and {@code rescale} when {@code num_replicas} or {@code autoscaling_config}
 * did; no change is {@link ChangeKind#UNCHANGED}.</li>
 * </ol>
 *
 * <p>The update classes. The 2.0 form (Ray 2.0): only {@code num_replicas}, {@code user_config} and
 * {@code autoscaling_config} keep the replicas; every other option replaces them. The multi-application
 * form (current Ray): only {@code ray_actor_options} and the placement options ({@code
 * placement_group_bundles}, {@code placement_group_strategy}, {@code max_replicas_per_node}) replace
 * them; {@code max_ongoing_requests}, the timers, {@code max_queued_requests},
 * {@code rolling_update_percentage} and the rest are applied in place, and the application's
 * {@code route_prefix} moves its route ({@link UpdatePlan#routePrefixChanged()}).
 *
 * <p>Unlike Ray Serve, a deployment that the config does not list, and whose code did not change, is
 * {@code UNCHANGED}. Ray keeps no version for such a deployment and so restarts its replicas on every
 * deploy, which makes an identical redeploy restart replicas (ray-project/ray#34096). Here its options
 * come from the code, the code identity says whether the code changed, and so an identical redeploy is a
 * no-op.
 */
public final class UpdatePlanner {

    private static final Set<String> RESCALE = Set.of("num_replicas", "autoscaling_config");
    private static final Set<String> SINGLE_APP_KEEPS_REPLICAS = Set.of("num_replicas", "user_config", "autoscaling_config");
    private static final Set<String> MULTI_APP_KEEPS_REPLICAS = Set.of("num_replicas", "max_queued_requests",
            "rolling_update_percentage", "user_config", "max_ongoing_requests", "autoscaling_config", "logging_config",
            "graceful_shutdown_wait_loop_s", "request_router_config", "graceful_shutdown_timeout_s",
            "health_check_period_s", "health_check_timeout_s");

    private UpdatePlanner() {
    }

    /**
     * One application's plan.
     *
     * @param running the application that runs, or {@code null} when none does
     * @param wanted the application now wanted
     */
    public static UpdatePlan plan(AppSnapshot running, AppSnapshot wanted) {
        Objects.requireNonNull(wanted, "wanted");
        Set<String> wantedNames = names(wanted);
        List<DeploymentChange> changes = new ArrayList<>();
        if (running == null) {
            wantedNames.forEach(name -> changes.add(new DeploymentChange(name, ChangeKind.ADD, false, false)));
            return new UpdatePlan(changes, false, false, false);
        }
        Set<String> runningNames = names(running);
        AppConfig before = running.config();
        AppConfig after = wanted.config();
        boolean reinstall = before.form() != after.form()
                || !Objects.equals(before.importPath(), after.importPath())
                || !before.runtimeEnv().equals(after.runtimeEnv())
                || !Values.sameValue(before.args(), after.args())
                || !Objects.equals(running.codeIdentity(), wanted.codeIdentity());
        for (String name : wantedNames) {
            if (!runningNames.contains(name)) {
                changes.add(new DeploymentChange(name, ChangeKind.ADD, false, false));
            } else if (reinstall) {
                changes.add(new DeploymentChange(name, ChangeKind.REINSTALL, false, false));
            } else {
                changes.add(compare(after.form(), name, running.effective(name).effectiveOptions(),
                        wanted.effective(name).effectiveOptions()));
            }
        }
        for (String name : runningNames) {
            if (!wantedNames.contains(name)) {
                changes.add(new DeploymentChange(name, ChangeKind.REMOVE, false, false));
            }
        }
        boolean routeMoved = !reinstall && !before.routePrefix().equals(after.routePrefix());
        return new UpdatePlan(changes, reinstall, routeMoved, false);
    }

    /**
     * Every application's plan, keyed by name: the wanted ones in their order (each planned against the
     * running application of the same name, if any), then the running ones no longer wanted, whose plans
     * {@link UpdatePlan#deletesApplication() delete} them.
     */
    public static Map<String, UpdatePlan> plan(Map<String, AppSnapshot> running, Map<String, AppSnapshot> wanted) {
        Map<String, UpdatePlan> plans = new LinkedHashMap<>();
        wanted.forEach((name, app) -> plans.put(name, plan(running.get(name), app)));
        running.forEach((name, app) -> {
            if (!wanted.containsKey(name)) {
                List<DeploymentChange> removals = new ArrayList<>();
                names(app).forEach(d -> removals.add(new DeploymentChange(d, ChangeKind.REMOVE, false, false)));
                plans.put(name, new UpdatePlan(removals, false, false, true));
            }
        });
        return plans;
    }

    private static DeploymentChange compare(ConfigForm form, String name, Map<String, Object> before,
            Map<String, Object> after) {
        Set<String> changed = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            if (!Values.sameValue(before.get(key), after.get(key))) {
                changed.add(key);
            }
        }
        Set<String> keeps = form == ConfigForm.SINGLE_APP ? SINGLE_APP_KEEPS_REPLICAS : MULTI_APP_KEEPS_REPLICAS;
        if (!keeps.containsAll(changed)) {
            return new DeploymentChange(name, ChangeKind.REPLACE, false, false, changed);
        }
        boolean reconfigure = changed.contains("user_config");
        boolean rescale = changed.stream().anyMatch(RESCALE::contains);
        ChangeKind kind = changed.isEmpty() ? ChangeKind.UNCHANGED : ChangeKind.LIGHTWEIGHT;
        return new DeploymentChange(name, kind, reconfigure, rescale, changed);
    }

    /** The deployments the config lists, in its order, then the other ones the code defines. */
    private static Set<String> names(AppSnapshot app) {
        Set<String> names = new LinkedHashSet<>();
        app.config().deployments().forEach(d -> names.add(d.name()));
        names.addAll(app.deploymentNames());
        return names;
    }
}
