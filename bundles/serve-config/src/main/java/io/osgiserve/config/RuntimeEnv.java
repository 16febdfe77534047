package io.osgiserve.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the application's code comes from: {@code working_dir} (a URI of a bundle jar, or of a zip or
 * directory of jars), more such URIs in {@code bundles} ({@code py_modules} is accepted as its alias),
 * and {@code env_vars} visible to replicas. Empty means the code is already installed.
 */
public final class RuntimeEnv {

    private static final RuntimeEnv EMPTY = new RuntimeEnv(Map.of());

    private final Map<String, Object> written;
    private final String workingDir;
    private final List<String> bundles;
    private final Map<String, String> envVars;

    private RuntimeEnv(Map<String, Object> written) {
        this.written = written;
        this.workingDir = (String) written.get("working_dir");
        Object listed = written.get("bundles") != null ? written.get("bundles") : written.get("py_modules");
        List<String> uris = new ArrayList<>();
        if (listed instanceof List<?> list) {
            list.forEach(uri -> uris.add((String) uri));
        }
        this.bundles = Collections.unmodifiableList(uris);
        Map<String, String> vars = new LinkedHashMap<>();
        if (written.get("env_vars") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> vars.put((String) k, (String) v));
        }
        this.envVars = Collections.unmodifiableMap(vars);
    }

    /** The empty runtime env ({@code runtime_env: {}}). */
    public static RuntimeEnv empty() {
        return EMPTY;
    }

    /** From a validated, immutable mapping (or null for the empty one). */
    static RuntimeEnv fromValidated(Object written) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) written;
        return map == null || map.isEmpty() ? EMPTY : new RuntimeEnv(map);
    }

    public Optional<String> workingDir() {
        return Optional.ofNullable(workingDir);
    }

    /** The bundle URIs of {@code bundles}, or of its alias {@code py_modules}. */
    public List<String> bundles() {
        return bundles;
    }

    public Map<String, String> envVars() {
        return envVars;
    }

    /** True when nothing is to be installed and no variable set. */
    public boolean isEmpty() {
        return workingDir == null && bundles.isEmpty() && envVars.isEmpty();
    }

    /** The mapping as the user wrote it. */
    public Map<String, Object> written() {
        return written;
    }

    /** Equal when they install the same code with the same variables, however that was spelled. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RuntimeEnv env
                && Objects.equals(workingDir, env.workingDir)
                && bundles.equals(env.bundles)
                && envVars.equals(env.envVars);
    }

    @Override
    public int hashCode() {
        return Objects.hash(workingDir, bundles, envVars);
    }

    @Override
    public String toString() {
        return "RuntimeEnv" + written;
    }
}
