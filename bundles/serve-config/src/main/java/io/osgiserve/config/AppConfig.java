package io.osgiserve.config;

import io.osgiserve.config.impl.Values;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The typed view of a validated application config ({@code ServeApplicationSchema}). */
public final class AppConfig {

    private final Map<String, Object> written;
    private final RuntimeEnv runtimeEnv;
    private final List<DeploymentConfig> deployments;

    private AppConfig(Map<String, Object> written) {
        this.written = written;
        this.runtimeEnv = RuntimeEnv.fromValidated(written.get("runtime_env"));
        List<DeploymentConfig> list = new ArrayList<>();
        if (written.get("deployments") instanceof List<?> entries) {
            for (Object entry : entries) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) entry;
                list.add(DeploymentConfig.fromValidated(map));
            }
        }
        this.deployments = Collections.unmodifiableList(list);
    }

    /** From a validated, immutable document. */
    static AppConfig fromValidated(Map<String, Object> written) {
        return new AppConfig(written);
    }

    public String importPath() {
        return (String) written.get("import_path");
    }

    public RuntimeEnv runtimeEnv() {
        return runtimeEnv;
    }

    /** The ingress bind address, {@link Defaults#HOST} unless written. */
    public String host() {
        Object host = written.get("host");
        return host == null ? Defaults.HOST : (String) host;
    }

    /** The ingress port, {@link Defaults#PORT} unless written. */
    public int port() {
        Object port = written.get("port");
        return port == null ? Defaults.PORT : Values.toInt(port);
    }

    /** True when {@code host} was written with a value ({@code host: null} means the default). */
    public boolean hostWritten() {
        return written.get("host") != null;
    }

    /** True when {@code port} was written with a value ({@code port: null} means the default). */
    public boolean portWritten() {
        return written.get("port") != null;
    }

    /** The deployments the config lists, in the written order. */
    public List<DeploymentConfig> deployments() {
        return deployments;
    }

    public Optional<DeploymentConfig> deployment(String name) {
        return deployments.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The document as written. */
    public Map<String, Object> written() {
        return written;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AppConfig a && written.equals(a.written);
    }

    @Override
    public int hashCode() {
        return Objects.hash(written);
    }

    @Override
    public String toString() {
        return "AppConfig" + written;
    }
}
