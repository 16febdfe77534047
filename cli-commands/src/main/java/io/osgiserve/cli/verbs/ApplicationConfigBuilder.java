package io.osgiserve.cli.verbs;

import io.osgiserve.api.ApplicationGraph;
import io.osgiserve.api.BoundDeployment;
import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.ConfigException;
import io.osgiserve.config.Defaults;
import io.osgiserve.config.ImportPath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Manifest;

/**
 * {@code serve build}: loads an application without a node and writes the config that lists every
 * deployment with every option, the code's own over {@link Defaults}, in the seed's field order.
 */
public final class ApplicationConfigBuilder {
    private static final String ROUTE_PREFIX = "route_prefix";
    private static final String NUM_REPLICAS = "num_replicas";
    private static final String AUTOSCALING_CONFIG = "autoscaling_config";

    private ApplicationConfigBuilder() {
    }

    /**
     * The config of the application at {@code importPath}, whose classes {@code loader} sees (its
     * manifests' {@code Serve-Module} headers give the module aliases).
     *
     * @throws UserError when the import path is invalid or names nothing loadable
     */
    public static Map<String, Object> build(String importPath, ClassLoader loader) {
        ImportPath path;
        try {
            path = ImportPath.parse(importPath);
        } catch (ConfigException e) {
            throw new UserError(ConfigFile.describe(importPath, e));
        }
        ApplicationGraph graph = load(path, loader);
        List<Object> deployments = new ArrayList<>();
        for (BoundDeployment node : graph.deployments()) {
            deployments.add(deploymentConfig(graph, node));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("import_path", importPath);
        config.put("runtime_env", new LinkedHashMap<>());
        config.put("deployments", deployments);
        return config;
    }

    /** {@link #build} as YAML, checked to parse as a config (so bad options set in code show here). */
    public static String buildYaml(String importPath, ClassLoader loader) {
        String yaml = YamlText.of(build(importPath, loader));
        try {
            ConfigDocument.parseYaml(yaml);
        } catch (ConfigException e) {
            throw new UserError(ConfigFile.describe("the options that " + importPath + " sets in code", e));
        }
        return yaml;
    }

    private static Map<String, Object> deploymentConfig(ApplicationGraph graph, BoundDeployment node) {
        Map<String, Object> options = node.deployment().options();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", node.deployment().name());
        boolean autoscaled = options.get(AUTOSCALING_CONFIG) != null;
        // The config refuses num_replicas beside an autoscaling_config.
        d.put(NUM_REPLICAS, autoscaled ? null : options.getOrDefault(NUM_REPLICAS, Defaults.NUM_REPLICAS));
        d.put(ROUTE_PREFIX, graph.defaultRoutePrefix(node));
        d.put("max_concurrent_queries", options.getOrDefault("max_concurrent_queries", Defaults.MAX_CONCURRENT_QUERIES));
        d.put("user_config", options.get("user_config"));
        d.put(AUTOSCALING_CONFIG, options.get(AUTOSCALING_CONFIG));
        d.put("graceful_shutdown_wait_loop_s",
                options.getOrDefault("graceful_shutdown_wait_loop_s", Defaults.GRACEFUL_SHUTDOWN_WAIT_LOOP_S));
        d.put("graceful_shutdown_timeout_s",
                options.getOrDefault("graceful_shutdown_timeout_s", Defaults.GRACEFUL_SHUTDOWN_TIMEOUT_S));
        d.put("health_check_period_s", options.getOrDefault("health_check_period_s", Defaults.HEALTH_CHECK_PERIOD_S));
        d.put("health_check_timeout_s", options.getOrDefault("health_check_timeout_s", Defaults.HEALTH_CHECK_TIMEOUT_S));
        d.put("ray_actor_options", options.get("ray_actor_options"));
        // Options the code sets beyond these go last; the config's validation judges them.
        options.forEach(d::putIfAbsent);
        return d;
    }

    private static ApplicationGraph load(ImportPath path, ClassLoader loader) {
        Map<String, String> aliases = moduleAliases(loader);
        String className = aliases.getOrDefault(path.module(), path.module());
        Class<?> module;
        try {
            module = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new UserError("import_path: no class or module alias '" + path.module() + "'"
                    + (aliases.isEmpty() ? "" : " (module aliases: " + String.join(", ", aliases.keySet()) + ")")
                    + ". Give the application's jar with --working-dir file:/path/to/app.jar.", e);
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new UserError("import_path: loading " + className + " failed: " + cause, e);
        }
        try {
            return ApplicationGraph.load(module, path.attribute());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** {@code Serve-Module: alias=fully.qualified.Class[, ...]} of every manifest the loader sees. */
    static Map<String, String> moduleAliases(ClassLoader loader) {
        Map<String, String> aliases = new TreeMap<>();
        try {
            Enumeration<URL> manifests = loader.getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                URL url = manifests.nextElement();
                try (InputStream in = url.openStream()) {
                    ApplicationGraph.moduleAliases(new Manifest(in).getMainAttributes().getValue(ApplicationGraph.MODULE_HEADER))
                            .forEach(aliases::putIfAbsent);
                }
            }
        } catch (IOException e) {
            throw new UserError("Cannot read the jars' manifests: " + e.getMessage(), e);
        }
        return aliases;
    }
}
