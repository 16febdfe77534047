package io.osgiserve.bench.jmh;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.bench.noop.Noop;
import io.osgiserve.runtime.replica.Replica;
import io.osgiserve.runtime.routing.DeploymentRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link DeploymentRouter#call} on N replicas of the no-op deployment, each call waited for: the router's
 * replica choice, its slot accounting, the reflective call and the hop to the replica thread and back.
 * {@link ExecutorBaselineBenchmark} measures the same hop without the router.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
public class RouterBenchmark {

    @Param({"1", "2", "10"})
    public int replicas;

    private ExecutorService requests;
    private ExecutorService lifecycle;
    private DeploymentRouter router;
    private Object[] args;

    @Setup(Level.Trial)
    public void start() {
        // the node's own sizing (NodeComponent: serve.replica.threads = 64)
        requests = Executors.newFixedThreadPool(64);
        lifecycle = Executors.newFixedThreadPool(16);
        router = new DeploymentRouter("noop", 100, 1000);
        List<Replica> started = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            Replica r = new Replica("noop#" + i, "noop", requests, lifecycle);
            r.start(Noop::new, null, 1);
            r.ready().join();
            started.add(r);
        }
        router.replicas(started);
        args = new Object[] {new HttpRequest("GET", "/", "", Map.of(), new byte[0])};
        Object answer = router.call("call", args).join();
        if (!"ok".equals(answer)) {
            throw new IllegalStateException("the no-op deployment answered " + answer);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        router.close();
        requests.shutdownNow();
        lifecycle.shutdownNow();
    }

    /** One caller: the latency of a routed call. */
    @Benchmark
    public Object call() {
        return router.call("call", args).join();
    }

    /** Four callers at once on two cores: the router's shared state under contention. */
    @Benchmark
    @Threads(4)
    public Object callFourCallers() {
        return router.call("call", args).join();
    }
}
