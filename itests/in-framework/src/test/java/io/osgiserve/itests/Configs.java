package io.osgiserve.itests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osgiserve.config.ConfigDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configs the tests deploy: examples/fruit/fruit_config.yaml (copied into the tester bundle at
 * build time) and variants of it, edited as plain maps and validated by serve-config like any deploy.
 */
final class Configs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Configs() {
    }

    /** examples/fruit/fruit_config.yaml, as its text. */
    static String fruitYaml() {
        try (InputStream in = Configs.class.getResourceAsStream("/fruit/fruit_config.yaml")) {
            assertNotNull(in, "fruit/fruit_config.yaml is not in the tester bundle");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fruit config as an editable map. */
    static Map<String, Object> fruit() {
        return editable(parseYaml(fruitYaml()).written());
    }

    /**
     * The fruit config with every graceful_shutdown_wait_loop_s at 0, so that replacing replicas does
     * not wait 2 s each (the tests that replace replicas deploy only this variant).
     */
    static Map<String, Object> fruitWithoutShutdownWait() {
        Map<String, Object> app = fruit();
        for (Map<String, Object> d : deployments(app)) {
            d.put("graceful_shutdown_wait_loop_s", 0.0);
        }
        return app;
    }

    /** The tester bundle's counting MangoStand app (import_path itest:counting). */
    static Map<String, Object> counting(int numReplicas, int price) {
        Map<String, Object> mango = new LinkedHashMap<>();
        mango.put("name", "MangoStand");
        mango.put("num_replicas", numReplicas);
        mango.put("user_config", Map.of("price", price));
        mango.put("graceful_shutdown_wait_loop_s", 0.0);
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("import_path", "itest:counting");
        app.put("runtime_env", Map.of());
        app.put("deployments", List.of(mango));
        return editable(app);
    }

    /** The tester bundle's MangoStand with a stock of 10 (import_path itest:small), one replica. */
    static Map<String, Object> small() {
        Map<String, Object> mango = new LinkedHashMap<>();
        mango.put("name", "MangoStand");
        mango.put("num_replicas", 1);
        mango.put("graceful_shutdown_wait_loop_s", 0.0);
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("import_path", "itest:small");
        app.put("runtime_env", Map.of());
        app.put("deployments", List.of(mango));
        return editable(app);
    }

    /**
     * The tester bundle's SlowStand (import_path itest:slow, routed at /slow): one replica holding at
     * most {@code maxConcurrentQueries}; {@code maxQueuedRequests} bounds the router's queue when not null.
     */
    static Map<String, Object> slow(int maxConcurrentQueries, Integer maxQueuedRequests) {
        Map<String, Object> stand = new LinkedHashMap<>();
        stand.put("name", "SlowStand");
        stand.put("num_replicas", 1);
        stand.put("max_concurrent_queries", maxConcurrentQueries);
        if (maxQueuedRequests != null) {
            stand.put("max_queued_requests", maxQueuedRequests);
        }
        stand.put("graceful_shutdown_wait_loop_s", 0.0);
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("import_path", "itest:slow");
        app.put("runtime_env", Map.of());
        app.put("deployments", List.of(stand));
        return editable(app);
    }

    /** The tester bundle's RestStand (import_path itest:rest, routed at /rest): one replica holding at most {@code maxConcurrentQueries}. */
    static Map<String, Object> rest(int maxConcurrentQueries) {
        Map<String, Object> app = slow(maxConcurrentQueries, null);
        app.put("import_path", "itest:rest");
        deployments(app).get(0).put("name", "RestStand");
        return app;
    }

    /** The same deployments as {@code app}, from the tester bundle's app whose MangoStand cannot be built. */
    static Map<String, Object> broken(Map<String, Object> app) {
        Map<String, Object> copy = editable(app);
        copy.put("import_path", "itest:broken");
        return copy;
    }

    /** The entry of deployment {@code name}, to edit in place. */
    static Map<String, Object> deployment(Map<String, Object> app, String name) {
        return deployments(app).stream()
                .filter(d -> name.equals(d.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the config has no deployment " + name));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> deployments(Map<String, Object> app) {
        return (List<Map<String, Object>>) app.get("deployments");
    }

    /** Validates {@code app} as serve-config does for any deploy. */
    static ConfigDocument document(Map<String, Object> app) {
        try {
            return ConfigDocument.parseJson(JSON.writeValueAsString(app));
        } catch (Exception e) {
            throw new AssertionError("the test's config is not valid: " + e.getMessage(), e);
        }
    }

    static ConfigDocument parseYaml(String yaml) {
        try {
            return ConfigDocument.parseYaml(yaml);
        } catch (Exception e) {
            throw new AssertionError("the test's config is not valid: " + e.getMessage(), e);
        }
    }

    /** A deep, mutable copy. */
    static Map<String, Object> editable(Map<String, Object> app) {
        try {
            return JSON.readValue(JSON.writeValueAsBytes(app), new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
