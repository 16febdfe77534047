package io.osgiserve.runtime.controller;

import io.osgiserve.api.ApplicationGraph;
import io.osgiserve.bench.noop.NoopApp;
import io.osgiserve.config.ConfigDocument;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The cost of one reconcile pass: a controller (no framework; replicas delivered on another thread,
 * as SCR does; {@link ControllerFixture}, shared with ControllerTest) runs {@code noop:chainD} with R replicas each; once every replica runs, the
 * pass is timed N times on the loop thread. Prints p50 and p99 in microseconds, and the share of the
 * loop's time the passes take at one pass per 100 ms tick (the least the loop runs them).
 * Args: DEPLOYMENTS REPLICAS PASSES. Lives in the controller's package to reach its timing hook.
 */
public final class ReconcilePassTiming {
    private ReconcilePassTiming() {
    }

    public static void main(String[] args) throws Exception {
        int deployments = Integer.parseInt(args[0]);
        int replicas = Integer.parseInt(args[1]);
        int passes = Integer.parseInt(args[2]);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        ExecutorService delivery = Executors.newSingleThreadExecutor();
        // the fixture ControllerTest runs on (serve-runtime's test jar)
        Controller c = ControllerFixture.controller(ControllerFixture.settings("bench", 1000, Duration.ofSeconds(120)),
                pool, delivery, null, new ControllerFixture.MemoryStore(), env -> "bench",
                (path, given) -> ApplicationGraph.of(NoopApp.chain(deployments)), caller -> { });
        c.start();
        StringBuilder yaml = new StringBuilder("import_path: noop:chain\ndeployments:\n");
        for (int i = 0; i < deployments; i++) {
            yaml.append("- name: ").append(NoopApp.name(i)).append("\n  num_replicas: ").append(replicas).append('\n');
        }
        long t0 = System.nanoTime();
        c.deploy(ConfigDocument.parseYaml(yaml.toString()));
        while (!"RUNNING".equals(((Map<?, ?>) c.status().get("app_status")).get("status"))) {
            if (System.nanoTime() - t0 > Duration.ofSeconds(120).toNanos()) {
                throw new IllegalStateException("not RUNNING within 120 s: " + c.status().get("app_status"));
            }
            Thread.sleep(20); // polling an outside process's state; not a test
        }
        long running = System.nanoTime() - t0;
        for (int i = 0; i < passes / 2; i++) {
            c.timePass(); // warm-up
        }
        long[] nanos = new long[passes];
        for (int i = 0; i < passes; i++) {
            nanos[i] = c.timePass();
        }
        Arrays.sort(nanos);
        double p50 = nanos[passes / 2] / 1000.0;
        double p99 = nanos[(int) (passes * 0.99)] / 1000.0;
        c.stop();
        pool.shutdownNow();
        delivery.shutdownNow();
        System.out.printf("RESULT replicas=%d deployments=%d to_running_ms=%.0f pass_p50_us=%.1f pass_p99_us=%.1f"
                + " loop_share_at_10_per_s=%.4f%n", deployments * replicas, deployments, running / 1e6, p50, p99,
                p50 / 100_000.0);
        System.exit(0);
    }
}
