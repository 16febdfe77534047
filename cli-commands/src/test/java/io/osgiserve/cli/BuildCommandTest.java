package io.osgiserve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.config.ConfigDocument;
import io.osgiserve.examples.fruit.FruitStand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCommandTest {
    @TempDir
    Path dir;

    @Test
    void fruitStandGivesItsFiveDeploymentsWithEveryOption() throws Exception {
        Serve.Result result = Serve.cli().run("build", "fruit:deployment_graph");

        assertEquals(0, result.exit(), result.err());
        ConfigDocument document = ConfigDocument.parseYaml(result.out());
        assertEquals("fruit:deployment_graph", document.written().get("import_path"));
        assertEquals(Map.of(), document.written().get("runtime_env"));
        List<?> deployments = (List<?>) document.written().get("deployments");
        assertEquals(List.of("MangoStand", "OrangeStand", "PearStand", "FruitMarket", "DAGDriver"),
                deployments.stream().map(d -> ((Map<?, ?>) d).get("name")).toList());
        Map<?, ?> mango = (Map<?, ?>) deployments.get(0);
        assertEquals(List.of("name", "num_replicas", "route_prefix", "max_concurrent_queries", "user_config",
                "autoscaling_config", "graceful_shutdown_wait_loop_s", "graceful_shutdown_timeout_s",
                "health_check_period_s", "health_check_timeout_s", "ray_actor_options"), List.copyOf(mango.keySet()));
        assertEquals(2, mango.get("num_replicas"));
        assertTrue(mango.containsKey("route_prefix"));
        assertNull(mango.get("route_prefix"));
        Map<?, ?> driver = (Map<?, ?>) deployments.get(4);
        assertEquals("/", driver.get("route_prefix"));
        assertEquals(1, driver.get("num_replicas"));
        assertEquals(2, ((Map<?, ?>) deployments.get(3)).get("num_replicas"));
    }

    @Test
    void fruitStandsMangoStandIsWrittenAsTheSeedShowsIt() {
        Serve.Result result = Serve.cli().run("build", "fruit:deployment_graph");

        assertTrue(result.out().startsWith("""
                import_path: fruit:deployment_graph
                runtime_env: {}
                deployments:
                - name: MangoStand
                  num_replicas: 2
                  route_prefix: null
                  max_concurrent_queries: 100
                  user_config: null
                  autoscaling_config: null
                  graceful_shutdown_wait_loop_s: 2.0
                  graceful_shutdown_timeout_s: 20.0
                  health_check_period_s: 10.0
                  health_check_timeout_s: 30.0
                  ray_actor_options: null
                """), result.out());
    }

    @Test
    void outputGoesToTheFileGivenWithO() throws Exception {
        Path out = dir.resolve("fruit_config.yaml");

        Serve.Result result = Serve.cli().run("build", "io.osgiserve.examples.fruit.FruitStand:deployment_graph", "-o", out.toString());

        assertEquals(0, result.exit(), result.err());
        assertEquals("", result.out());
        ConfigDocument document = ConfigDocument.parse(Files.readAllBytes(out), "application/yaml");
        assertEquals(5, document.config().deployments().size());
    }

    @Test
    void theApplicationJarCanBeGivenAsAWorkingDir() throws Exception {
        Path jar = Path.of(FruitStand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.copy(jar, lib.resolve("fruit.jar"));

        Serve.Result result = Serve.cli().run("build", "fruit:deployment_graph", "--working-dir", lib.toUri().toString());

        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().contains("- name: DAGDriver"), result.out());
    }

    @Test
    void anUnknownModuleIsOneLineNamingTheKnownAliases() {
        Serve.Result result = Serve.cli().run("build", "vegetables:deployment_graph");

        assertEquals(1, result.exit());
        assertEquals("import_path: no class or module alias 'vegetables' (module aliases: fruit)."
                + " Give the application's jar with --working-dir file:/path/to/app.jar.\n", result.err());
    }

    @Test
    void anInvalidImportPathIsRefusedByTheConfigsOwnRule() {
        Serve.Result result = Serve.cli().run("build", "nodots");

        assertEquals(1, result.exit());
        assertTrue(result.err().startsWith("nodots: import_path: "), result.err());
    }

    @Test
    void aWorkingDirThatIsNotAFileUriIsRefused() {
        Serve.Result result = Serve.cli().run("build", "fruit:deployment_graph", "--working-dir", "https://example.com/app.jar");

        assertEquals(1, result.exit());
        assertTrue(result.err().startsWith("--working-dir https://example.com/app.jar: serve build loads code from file: URIs only"),
                result.err());
    }
}
