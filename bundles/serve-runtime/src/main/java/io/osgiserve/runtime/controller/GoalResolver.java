package io.osgiserve.runtime.controller;

import io.osgiserve.api.ApplicationGraph;
import io.osgiserve.api.BoundDeployment;
import io.osgiserve.config.AppConfig;
import io.osgiserve.config.AppSnapshot;
import io.osgiserve.config.ConfigException;
import io.osgiserve.config.DeploymentConfig;
import io.osgiserve.config.ImportPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Turns a goal into what the loop can act on: installs its code, loads its application and works out
 * each deployment's effective options (the code's, overridden by the config's). It does I/O and runs
 * user code (static initializers), so it runs on the code executor, never on the loop; an interrupt
 * (a newer goal) stops it.
 */
final class GoalResolver {
    /** A goal ready to be reconciled towards. */
    record Resolved(ConfigGoal goal, InstalledCode code, ApplicationGraph graph, Map<String, DeploymentConfig> effective,
            AppSnapshot snapshot) {
    }

    /** The code could not be installed: worth trying again later (a server down, a file not there yet). */
    static final class InstallFailure extends Exception {
        private static final long serialVersionUID = 1L;

        InstallFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final CodeInstaller installer;

    GoalResolver(CodeInstaller installer) {
        this.installer = installer;
    }

    /**
     * Installs and loads {@code goal}'s code. When {@code previous} (the goal the application was last
     * resolved to, or null) names the same import path and args and its code is unchanged, its loaded
     * application is reused: a deploy that changes only options (user_config) loads nothing again.
     */
    Resolved resolve(ConfigGoal goal, Resolved previous, java.util.function.Consumer<InstalledCode> installed)
            throws DeployFailure, InstallFailure {
        AppConfig config = goal.doc().config();
        InstalledCode code;
        try {
            code = installer.install(config.runtimeEnv(), goal.caller());
        } catch (DeployFailure f) {
            throw new InstallFailure(f.getMessage(), f);
        }
        installed.accept(code);
        ApplicationGraph graph = sameApplication(previous, config, code) ? previous.graph()
                : code.load(importPath(config.importPath()), config.args());
        Map<String, DeploymentConfig> effective = effectiveConfigs(graph, config);
        AppSnapshot snapshot = new AppSnapshot(config, code.identity(), new LinkedHashSet<>(graph.names()));
        return new Resolved(goal, code, graph, effective, snapshot);
    }

    /** The application {@code previous} loaded is what {@code config} would load from {@code code}. */
    private static boolean sameApplication(Resolved previous, AppConfig config, InstalledCode code) {
        if (previous == null) {
            return false;
        }
        AppConfig before = previous.goal().doc().config();
        String loadedFrom = previous.snapshot().codeIdentity();
        return before.importPath().equals(config.importPath()) && before.args().equals(config.args())
                && code.identity().equals(loadedFrom) && code.unchangedSince(loadedFrom);
    }

    private static ImportPath importPath(String text) throws DeployFailure {
        try {
            return ImportPath.parse(text);
        } catch (ConfigException e) {
            throw new DeployFailure(e.getMessage());
        }
    }

    /** Per deployment: the options its code sets, overridden by what the config writes. */
    static Map<String, DeploymentConfig> effectiveConfigs(ApplicationGraph graph, AppConfig config) throws DeployFailure {
        List<String> names = graph.names();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < config.deployments().size(); i++) {
            String name = config.deployments().get(i).name();
            if (!names.contains(name)) {
                problems.add("deployments[" + i + "].name: " + config.importPath() + " has no deployment named '"
                        + name + "' (it has " + String.join(", ", names) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new DeployFailure(String.join("\n", problems));
        }
        Map<String, DeploymentConfig> result = new LinkedHashMap<>();
        for (BoundDeployment node : graph.deployments()) {
            String name = node.deployment().name();
            Map<String, Object> defaults = new LinkedHashMap<>(node.deployment().options());
            // the multi-application form routes an application (its ingress), Ray 2.0's form each deployment
            defaults.put("route_prefix", config.form() == io.osgiserve.config.ConfigForm.MULTI_APP
                    ? (node == graph.ingress() ? config.routePrefix().orElse(null) : null)
                    : graph.defaultRoutePrefix(node));
            try {
                DeploymentConfig base = DeploymentConfig.of(name, defaults);
                result.put(name, config.deployment(name).map(base::withOverrides).orElse(base));
            } catch (ConfigException e) {
                throw new DeployFailure("the code of deployment " + name + " sets invalid options: " + e.getMessage());
            }
        }
        return result;
    }
}
