package io.osgiserve.runtime.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osgiserve.config.DeploymentConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A deployment's configuration as ConfigAdmin carries it: one property per option, every value as
 * text an operator can type ({@code config:property-set -p <pid> user_config '{"price": 5}'}):
 * maps as JSON, scalars as themselves, {@code null} as {@code null}. Beside the options, the
 * application, the deployment and the node's mark ({@value #GENERATION}) on each of its own writes.
 */
final class DeploymentProperties {
    static final String APP = "serve.app";
    static final String DEPLOYMENT = "serve.deployment";
    /** Grows with each write of the node: a write it did not make keeps an old mark or has none. */
    static final String GENERATION = "serve.generation";
    private static final Set<String> JSON_FIELDS = Set.of("user_config", "autoscaling_config", "ray_actor_options");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeploymentProperties() {
    }

    /** The options of {@code effective} as text, in its order. */
    static Map<String, String> content(DeploymentConfig effective) {
        Map<String, String> text = new LinkedHashMap<>();
        effective.written().forEach((k, v) -> text.put(k, toText(k, v)));
        return text;
    }

    /**
     * The options among {@code properties} (what ConfigAdmin delivered), as text. Option names have no
     * dot; every property with one is the framework's or the node's ({@code service.pid},
     * {@code component.name}, {@code osgi.ds.satisfying.condition.target}, {@code felix.fileinstall.filename},
     * {@code serve.generation}) and is left out.
     */
    static Map<String, String> content(Map<String, ?> properties) {
        Map<String, String> text = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (k.indexOf('.') < 0 && v != null) {
                text.put(k, String.valueOf(v));
            }
        });
        return text;
    }

    static Map<String, Object> properties(String app, String deployment, Map<String, String> content, long generation) {
        Map<String, Object> p = new LinkedHashMap<>(content);
        p.put(APP, app);
        p.put(DEPLOYMENT, deployment);
        p.put(GENERATION, generation);
        return p;
    }

    /** {app, deployment} from the node's own properties, else from the PID ({@code serve.deployment~<app>.<deployment>}). */
    static String[] key(Map<String, ?> properties) {
        Object app = properties.get(APP);
        Object deployment = properties.get(DEPLOYMENT);
        if (app != null && deployment != null) {
            return new String[] {String.valueOf(app), String.valueOf(deployment)};
        }
        String pid = String.valueOf(properties.get("service.pid"));
        int tilde = pid.indexOf('~');
        int dot = pid.indexOf('.', tilde + 1);
        if (tilde < 0 || dot < 0) {
            return null;
        }
        return new String[] {pid.substring(tilde + 1, dot), pid.substring(dot + 1)};
    }

    static long generation(Map<String, ?> properties) {
        Object g = properties.get(GENERATION);
        if (g == null) {
            return -1;
        }
        try {
            return Long.parseLong(String.valueOf(g));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * An option's value from its text: JSON for the map-valued options; for the others JSON when it
     * reads as JSON ({@code 2}, {@code 0.5}, {@code true}, {@code null}), else the text itself.
     *
     * @throws IllegalArgumentException naming the field when a map-valued option is not JSON
     */
    static Object parse(String field, String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            if (JSON_FIELDS.contains(field)) {
                throw new IllegalArgumentException(field + ": not valid JSON (" + e.getOriginalMessage()
                        .replaceAll("\\s+", " ") + "): " + abbreviate(text));
            }
            return text;
        }
    }

    private static String toText(String field, Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map || value instanceof Iterable || JSON_FIELDS.contains(field)) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(field + " cannot be written as JSON", e);
            }
        }
        return String.valueOf(value);
    }

    private static String abbreviate(String text) {
        String one = text.replaceAll("\\s+", " ");
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }
}
