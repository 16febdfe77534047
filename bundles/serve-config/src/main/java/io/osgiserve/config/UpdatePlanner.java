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
 * Says what a redeploy must do to each deployment.
 *
 * <ol>
 * <li>Nothing runs: every wanted deployment is {@link ChangeKind#ADD}.</li>
 * <li>{@code import_path}, {@code runtime_env} or the code identity changed: the code is replaced
 * ({@link UpdatePlan#reinstall()}); every deployment in both is {@link ChangeKind#REINSTALL}, the new ones
 * {@link ChangeKind#ADD}, the ones no longer defined {@link ChangeKind#REMOVE}.</li>
 * <li>Otherwise, per deployment, its written options are compared without {@code num_replicas},
 * {@code user_config} and {@code autoscaling_config}: any difference (a value changed, a key added or
 * removed, {@code null} counting as written) is {@link ChangeKind#REPLACE}. Else a changed
 * {@code user_config} is {@link ChangeKind#LIGHTWEIGHT} with {@code reconfigure}, a changed
 * {@code num_replicas} or {@code autoscaling_config} is {@code LIGHTWEIGHT} with {@code rescale} (both
 * may hold), and no difference is {@link ChangeKind#UNCHANGED}. Numbers compare by value, so
 * {@code 2} and {@code 2.0} are the same.</li>
 * </ol>
 *
 * <p>Unlike Ray Serve, a deployment that the config does not list, and whose code did not change, is
 * {@code UNCHANGED}. Ray keeps no version for such a deployment and so restarts its replicas on every
 * deploy, which makes an identical redeploy restart replicas (ray-project/ray#34096). Here its options
 * come from the code alone, the code identity says whether the code changed, and so an identical
 * redeploy is a no-op.
 */
public final class UpdatePlanner {

    private static final Set<String> LIGHTWEIGHT_FIELDS = Set.of("num_replicas", "user_config", "autoscaling_config");

    private UpdatePlanner() {
    }

    /**
     * @param running the application that runs, or {@code null} when none does
     * @param wanted the application now wanted
     */
    public static UpdatePlan plan(AppSnapshot running, AppSnapshot wanted) {
        Objects.requireNonNull(wanted, "wanted");
        Set<String> wantedNames = names(wanted);
        List<DeploymentChange> changes = new ArrayList<>();
        if (running == null) {
            wantedNames.forEach(name -> changes.add(new DeploymentChange(name, ChangeKind.ADD, false, false)));
            return new UpdatePlan(changes, false);
        }
        Set<String> runningNames = names(running);
        boolean reinstall = !Objects.equals(running.config().importPath(), wanted.config().importPath())
                || !running.config().runtimeEnv().equals(wanted.config().runtimeEnv())
                || !Objects.equals(running.codeIdentity(), wanted.codeIdentity());
        for (String name : wantedNames) {
            if (!runningNames.contains(name)) {
                changes.add(new DeploymentChange(name, ChangeKind.ADD, false, false));
            } else if (reinstall) {
                changes.add(new DeploymentChange(name, ChangeKind.REINSTALL, false, false));
            } else {
                changes.add(compare(name, options(running, name), options(wanted, name)));
            }
        }
        for (String name : runningNames) {
            if (!wantedNames.contains(name)) {
                changes.add(new DeploymentChange(name, ChangeKind.REMOVE, false, false));
            }
        }
        return new UpdatePlan(changes, reinstall);
    }

    private static DeploymentChange compare(String name, Map<String, Object> before, Map<String, Object> after) {
        if (!Values.sameValue(withoutLightweight(before), withoutLightweight(after))) {
            return new DeploymentChange(name, ChangeKind.REPLACE, false, false);
        }
        boolean reconfigure = differs(before, after, "user_config");
        boolean rescale = differs(before, after, "num_replicas") || differs(before, after, "autoscaling_config");
        ChangeKind kind = reconfigure || rescale ? ChangeKind.LIGHTWEIGHT : ChangeKind.UNCHANGED;
        return new DeploymentChange(name, kind, reconfigure, rescale);
    }

    private static boolean differs(Map<String, Object> before, Map<String, Object> after, String field) {
        // null and absent both mean "the code's value" for these fields
        return !Values.sameValue(before.get(field), after.get(field));
    }

    private static Map<String, Object> withoutLightweight(Map<String, Object> options) {
        Map<String, Object> rest = new LinkedHashMap<>(options);
        rest.keySet().removeAll(LIGHTWEIGHT_FIELDS);
        return rest;
    }

    private static Map<String, Object> options(AppSnapshot app, String name) {
        return app.config().deployment(name).map(DeploymentConfig::written).orElse(Map.of());
    }

    /** The deployments the config lists, in its order, then the other ones the code defines. */
    private static Set<String> names(AppSnapshot app) {
        Set<String> names = new LinkedHashSet<>();
        app.config().deployments().forEach(d -> names.add(d.name()));
        names.addAll(app.deploymentNames());
        return names;
    }
}
