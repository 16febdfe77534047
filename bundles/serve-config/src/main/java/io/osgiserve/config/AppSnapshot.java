package io.osgiserve.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An application as the planner compares it: its config, the identity of its code (for example the
 * digests of its bundles), the names of the deployments its code defines (the config may list only some
 * of them), and the options its code sets for each (its defaults, which the config's fields override).
 */
public record AppSnapshot(AppConfig config, String codeIdentity, Set<String> deploymentNames,
        Map<String, DeploymentConfig> codeOptions) {

    public AppSnapshot {
        Objects.requireNonNull(config, "config");
        deploymentNames = deploymentNames == null
                ? Set.of()
                : Collections.unmodifiableSet(new LinkedHashSet<>(deploymentNames));
        codeOptions = codeOptions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(codeOptions));
    }

    /** A snapshot whose code sets no options (every option from the config or the form's defaults). */
    public AppSnapshot(AppConfig config, String codeIdentity, Set<String> deploymentNames) {
        this(config, codeIdentity, deploymentNames, Map.of());
    }

    /**
     * A snapshot of {@code config} on code that defines the deployments of {@code codeOptions} (in its
     * order), each with the options it sets, by their config names. Checks both: the code's options by the
     * rules of the config's form, and every deployment the config lists against the ones the code defines.
     *
     * @throws ConfigException naming each problem; a config's path starts with {@link AppConfig#path()}
     */
    public static AppSnapshot of(AppConfig config, String codeIdentity, Map<String, ? extends Map<String, ?>> codeOptions)
            throws ConfigException {
        List<FieldError> errors = new ArrayList<>();
        Map<String, DeploymentConfig> options = new LinkedHashMap<>();
        codeOptions.forEach((name, fields) -> {
            try {
                options.put(name, DeploymentConfig.of(config.form(), name, fields));
            } catch (ConfigException e) {
                errors.addAll(e.errors());
            }
        });
        List<DeploymentConfig> listed = config.deployments();
        for (int i = 0; i < listed.size(); i++) {
            String name = listed.get(i).name();
            if (!codeOptions.containsKey(name)) {
                errors.add(new FieldError(config.path() + "deployments[" + i + "].name", config.importPath()
                        + " has no deployment named '" + name + "' (it has " + String.join(", ", codeOptions.keySet())
                        + ")"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new AppSnapshot(config, codeIdentity, codeOptions.keySet(), options);
    }

    /**
     * What deployment {@code name} runs with: the options its code sets, overridden by the fields the
     * config writes for it; {@link DeploymentConfig#effectiveOptions()} adds the form's defaults.
     */
    public DeploymentConfig effective(String name) {
        ConfigForm form = config.form();
        DeploymentConfig code = codeOptions.getOrDefault(name, DeploymentConfig.unwritten(form, name));
        return code.withOverrides(config.deployment(name).orElse(DeploymentConfig.unwritten(form, name)));
    }
}
