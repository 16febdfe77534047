package io.osgiserve.config;

import io.osgiserve.config.impl.Schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parts of current Ray's details document ({@code GET /api/serve/applications/}, Ray's
 * {@code ServeInstanceDetails}) that come from the config, in the shape Ray's own client parses: the
 * instance's {@code proxy_location}, {@code http_options}, {@code grpc_options}, {@code target_capacity};
 * an application's {@code name}, {@code route_prefix}, {@code docs_path}, {@code deployed_app_config},
 * {@code source}, {@code external_scaler_enabled}; a deployment's {@code name} and
 * {@code deployment_config}. The runtime adds the rest (statuses, replicas, proxies, controller_info).
 *
 * <p>Ray's client forbids unknown keys at the instance, application and deployment levels and refuses
 * {@code null} where its schema takes none, so these parts hold exactly the keys named above and leave out
 * what has no value (a deployment_config without {@code ray_actor_options}, for example).
 */
public final class DetailsConfigParts {

    /** The instance-level keys these parts fill. */
    public static final Set<String> INSTANCE_KEYS = Set.of("proxy_location", "http_options", "grpc_options",
            "target_capacity");
    /** The application-level keys these parts fill. */
    public static final Set<String> APPLICATION_KEYS = Set.of("name", "route_prefix", "docs_path",
            "deployed_app_config", "source", "external_scaler_enabled");
    /** The deployment-level keys these parts fill. */
    public static final Set<String> DEPLOYMENT_KEYS = Set.of("name", "deployment_config");

    /** Where an application came from, as Ray's {@code source} says it. */
    public enum Source {
        /** Deployed through a declarative PUT of the whole config (the V2 API). */
        DECLARATIVE,
        /** Deployed one by one, not as part of a declarative config (here: through Ray 2.0's API). */
        IMPERATIVE,
        UNKNOWN;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private DetailsConfigParts() {
    }

    /**
     * The instance's config parts, from the multi-application document deployed (or a 2.0-form one, whose
     * host and port are its http_options), or {@code null} when none is: then every value is its default.
     */
    public static Map<String, Object> instance(ConfigDocument doc) {
        HttpOptions http = doc == null ? HttpOptions.fromValidated(null) : doc.httpOptions();
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("proxy_location", doc == null ? Defaults.PROXY_LOCATION : doc.proxyLocation());
        Map<String, Object> httpOptions = new LinkedHashMap<>();
        httpOptions.put("host", http.host());
        httpOptions.put("port", http.port());
        httpOptions.put("root_path", http.rootPath());
        httpOptions.put("request_timeout_s", http.requestTimeoutS().orElse(null));
        httpOptions.put("keep_alive_timeout_s", http.keepAliveTimeoutS());
        httpOptions.put("ssl_keyfile", http.sslKeyfile().orElse(null));
        httpOptions.put("ssl_certfile", http.sslCertfile().orElse(null));
        httpOptions.put("ssl_keyfile_password", http.sslKeyfilePassword().orElse(null));
        httpOptions.put("ssl_ca_certs", http.sslCaCerts().orElse(null));
        parts.put("http_options", httpOptions);
        // gRPC is refused unless it asks for nothing, so it is always at Ray's defaults
        Map<String, Object> grpc = new LinkedHashMap<>();
        grpc.put("port", 9000);
        grpc.put("grpc_servicer_functions", List.of());
        grpc.put("request_timeout_s", null);
        parts.put("grpc_options", grpc);
        parts.put("target_capacity", doc == null ? null : doc.targetCapacity().orElse(null));
        return parts;
    }

    /**
     * An application's config parts.
     *
     * @param routePrefix its route: {@code app.routePrefix().orElse(null)} in the multi-application form,
     *        its ingress deployment's effective route_prefix in the 2.0 form
     */
    public static Map<String, Object> application(AppConfig app, String routePrefix, Source source) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("name", app.name());
        parts.put("route_prefix", routePrefix);
        parts.put("docs_path", null);
        parts.put("deployed_app_config", deployedAppConfig(app));
        parts.put("source", source.text());
        parts.put("external_scaler_enabled", false);
        return parts;
    }

    /**
     * What the user wrote for the application, as Ray's {@code deployed_app_config}. A multi-application
     * form's entry is given as written (its rules are Ray's, so Ray's client reads it). A 2.0-form document
     * is given in the current names, without the {@code null}s that the current schema refuses (the seed's
     * {@code ray_actor_options: null}) and without what the current schema lacks (a deployment's
     * {@code route_prefix}); {@code GET /api/serve/deployments/} keeps giving it exactly as written.
     */
    public static Map<String, Object> deployedAppConfig(AppConfig app) {
        if (app.form() == ConfigForm.MULTI_APP) {
            return app.written();
        }
        Map<String, Object> echo = new LinkedHashMap<>();
        app.written().forEach((key, value) -> {
            if (key.equals("deployments") && value != null) {
                echo.put(key, app.deployments().stream().map(DetailsConfigParts::currentDeployment).toList());
            } else if (value != null) {
                echo.put(key, value);
            }
        });
        return echo;
    }

    /** A 2.0-form deployment entry in the current names, without what the current schema refuses. */
    private static Map<String, Object> currentDeployment(DeploymentConfig d) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", d.name());
        d.written().forEach((key, value) -> {
            String current = Schema.DEPLOYMENT_ALIASES.getOrDefault(key, key);
            if (!key.equals("route_prefix") && (value != null || Schema.MULTI_APP_NULLABLE_DEPLOYMENT.contains(current))) {
                entry.put(current, value);
            }
        });
        return entry;
    }

    /**
     * A deployment's {@code deployment_config}: every option it runs with, its defaults included, under the
     * current names; {@code num_replicas} or, when autoscaled, {@code autoscaling_config}.
     *
     * @param effective what the deployment runs with (for example {@link AppSnapshot#effective(String)})
     */
    public static Map<String, Object> deploymentConfig(DeploymentConfig effective) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", effective.name());
        effective.autoscalingConfig().ifPresentOrElse(
                a -> config.put("autoscaling_config", a.effective()),
                () -> config.put("num_replicas", effective.numReplicas().orElse(Defaults.NUM_REPLICAS)));
        Map<String, Object> options = effective.effectiveOptions();
        config.put("max_ongoing_requests", effective.effectiveMaxOngoingRequests());
        config.put("max_queued_requests", options.get("max_queued_requests"));
        config.put("user_config", options.get("user_config"));
        for (String timer : List.of("graceful_shutdown_wait_loop_s", "graceful_shutdown_timeout_s",
                "health_check_period_s", "health_check_timeout_s")) {
            config.put(timer, options.get(timer));
        }
        if (options.get("ray_actor_options") != null) {
            config.put("ray_actor_options", options.get("ray_actor_options"));
        }
        config.put("rolling_update_percentage", effective.rollingUpdatePercentage());
        return config;
    }

    /** A deployment's config parts: its name and {@link #deploymentConfig(DeploymentConfig)}. */
    public static Map<String, Object> deployment(DeploymentConfig effective) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("name", effective.name());
        parts.put("deployment_config", deploymentConfig(effective));
        return parts;
    }
}
