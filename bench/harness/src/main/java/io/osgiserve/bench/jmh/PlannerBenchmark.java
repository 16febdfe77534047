package io.osgiserve.bench.jmh;

import io.osgiserve.config.AppSnapshot;
import io.osgiserve.config.ChangeKind;
import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.ConfigException;
import io.osgiserve.config.UpdatePlan;
import io.osgiserve.config.UpdatePlanner;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link UpdatePlanner#plan} on a 100-deployment config against the running one: identical (every
 * deployment UNCHANGED), and with one deployment's user_config changed (one LIGHTWEIGHT). Also the
 * parse and validation of that config, which the agent does on every PUT before the planner runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
public class PlannerBenchmark {
    static final int DEPLOYMENTS = 100;
    private static final String CODE = "sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private AppSnapshot running;
    private AppSnapshot identical;
    private AppSnapshot oneUserConfigChanged;
    private byte[] body;

    @Setup(Level.Trial)
    public void prepare() throws ConfigException {
        body = config(-1).getBytes(StandardCharsets.UTF_8);
        running = snapshot(config(-1));
        identical = snapshot(config(-1));
        oneUserConfigChanged = snapshot(config(42));
        UpdatePlan same = UpdatePlanner.plan(running, identical);
        UpdatePlan one = UpdatePlanner.plan(running, oneUserConfigChanged);
        long lightweight = one.changes().stream().filter(c -> c.kind() == ChangeKind.LIGHTWEIGHT).count();
        if (!same.isNoop() || lightweight != 1 || same.changes().size() != DEPLOYMENTS) {
            throw new IllegalStateException("the planner inputs are not what this benchmark says: " + same + " / " + one);
        }
    }

    @Benchmark
    public UpdatePlan planIdentical() {
        return UpdatePlanner.plan(running, identical);
    }

    @Benchmark
    public UpdatePlan planOneUserConfigChanged() {
        return UpdatePlanner.plan(running, oneUserConfigChanged);
    }

    @Benchmark
    public ConfigDocument parseAndValidate() throws ConfigException {
        return ConfigDocument.parse(body, "application/json");
    }

    private static AppSnapshot snapshot(String json) throws ConfigException {
        ConfigDocument doc = ConfigDocument.parse(json.getBytes(StandardCharsets.UTF_8), "application/json");
        Set<String> names = new LinkedHashSet<>();
        doc.config().deployments().forEach(d -> names.add(d.name()));
        return new AppSnapshot(doc.config(), CODE, names);
    }

    /** 100 deployments with every option written; {@code changed} gets another price (-1: none). */
    static String config(int changed) {
        StringBuilder json = new StringBuilder();
        json.append("{\"import_path\": \"noop:chain100\", \"runtime_env\": {\"working_dir\": ")
                .append("\"file:///opt/bench/serve-bench-noop.jar\"}, \"deployments\": [");
        for (int i = 0; i < DEPLOYMENTS; i++) {
            if (i > 0) {
                json.append(',');
            }
            int price = i == changed ? 1000 + i : i;
            json.append(String.format("{\"name\": \"noop%03d\", \"num_replicas\": 10, \"route_prefix\": %s, "
                    + "\"max_concurrent_queries\": 100, \"user_config\": {\"price\": %d, \"label\": \"stand %d\", "
                    + "\"tags\": [\"a\", \"b\"]}, \"autoscaling_config\": null, \"graceful_shutdown_wait_loop_s\": 2.0, "
                    + "\"graceful_shutdown_timeout_s\": 20.0, \"health_check_period_s\": 10.0, "
                    + "\"health_check_timeout_s\": 30.0, \"ray_actor_options\": null}",
                    i, i == 0 ? "\"/\"" : "null", price, i));
        }
        return json.append("]}").toString();
    }
}
