package io.osgiserve.config;

import io.osgiserve.config.impl.DocumentWriter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The typed view of one validated application: the whole document in the 2.0 form (named
 * {@value Defaults#APP_NAME}), or one entry of {@code applications} in the multi-application form.
 */
public final class AppConfig {

    private final ConfigForm form;
    private final String path;
    private final Map<String, Object> written;
    private final HttpOptions httpOptions;
    private final RuntimeEnv runtimeEnv;
    private final List<DeploymentConfig> deployments;

    private AppConfig(ConfigForm form, String path, Map<String, Object> written, HttpOptions httpOptions) {
        this.form = form;
        this.path = path;
        this.written = written;
        this.httpOptions = httpOptions;
        this.runtimeEnv = RuntimeEnv.fromValidated(written.get("runtime_env"));
        List<DeploymentConfig> list = new ArrayList<>();
        if (written.get("deployments") instanceof List<?> entries) {
            for (Object entry : entries) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) entry;
                list.add(DeploymentConfig.fromValidated(form, map));
            }
        }
        this.deployments = Collections.unmodifiableList(list);
    }

    /** From a validated, immutable 2.0-form document. */
    static AppConfig fromValidated(Map<String, Object> written) {
        Map<String, Object> hostAndPort = new LinkedHashMap<>();
        for (String field : List.of("host", "port")) {
            if (written.containsKey(field)) {
                hostAndPort.put(field, written.get(field));
            }
        }
        return new AppConfig(ConfigForm.SINGLE_APP, "", written, HttpOptions.fromValidated(hostAndPort));
    }

    /** From a validated, immutable entry of {@code applications} at {@code index}, under the document's http_options. */
    static AppConfig fromValidated(Map<String, Object> entry, int index, HttpOptions httpOptions) {
        return new AppConfig(ConfigForm.MULTI_APP, "applications[" + index + "].", entry, httpOptions);
    }

    public ConfigForm form() {
        return form;
    }

    /** The application's name: as written, else {@value Defaults#APP_NAME} (always so in the 2.0 form). */
    public String name() {
        Object name = form == ConfigForm.MULTI_APP ? written.get("name") : null;
        return name == null ? Defaults.APP_NAME : (String) name;
    }

    /**
     * The application's route (multi-application form): as written, else {@value Defaults#APP_ROUTE_PREFIX};
     * empty when written as {@code null} (not reachable over HTTP). Empty in the 2.0 form, where each
     * deployment has its own.
     */
    public Optional<String> routePrefix() {
        if (form == ConfigForm.SINGLE_APP) {
            return Optional.empty();
        }
        return written.containsKey("route_prefix")
                ? Optional.ofNullable((String) written.get("route_prefix"))
                : Optional.of(Defaults.APP_ROUTE_PREFIX);
    }

    public String importPath() {
        return (String) written.get("import_path");
    }

    public RuntimeEnv runtimeEnv() {
        return runtimeEnv;
    }

    /** What the application builder is given (multi-application form); empty when none. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> args() {
        Object args = written.get("args");
        return args == null ? Map.of() : (Map<String, Object>) args;
    }

    /** Where the node's ingress listens: the document's http_options (or, in the 2.0 form, host and port). */
    public HttpOptions httpOptions() {
        return httpOptions;
    }

    /** The ingress bind address, {@link Defaults#HOST} unless written. */
    public String host() {
        return httpOptions.host();
    }

    /** The ingress port, {@link Defaults#PORT} unless written. */
    public int port() {
        return httpOptions.port();
    }

    /** True when {@code host} was written with a value ({@code host: null} means the default). */
    public boolean hostWritten() {
        return httpOptions.hostWritten();
    }

    /** True when {@code port} was written with a value ({@code port: null} means the default). */
    public boolean portWritten() {
        return httpOptions.portWritten();
    }

    /** The deployments the config lists, in the written order. */
    public List<DeploymentConfig> deployments() {
        return deployments;
    }

    public Optional<DeploymentConfig> deployment(String name) {
        return deployments.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /**
     * Where this application is in its document, as the start of a field path: {@code ""} in the 2.0 form,
     * {@code "applications[1]."} in the multi-application form (so {@code path() + "deployments[0].name"}).
     */
    public String path() {
        return path;
    }

    /**
     * The application as written: the whole document in the 2.0 form, its entry of {@code applications}
     * otherwise (Ray's {@code deployed_app_config}).
     */
    public Map<String, Object> written() {
        return written;
    }

    /** {@link #written()} as block-style YAML, keys in the written order: what {@code serve config} prints for it. */
    public String toYaml() {
        return DocumentWriter.toYaml(written);
    }

    /** {@link #written()} as compact JSON. */
    public String toJson() {
        return DocumentWriter.toJson(written);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AppConfig a && form == a.form && written.equals(a.written)
                && httpOptions.equals(a.httpOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(form, written);
    }

    @Override
    public String toString() {
        return "AppConfig" + written;
    }
}
