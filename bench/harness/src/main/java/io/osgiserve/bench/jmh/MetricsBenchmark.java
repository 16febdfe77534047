package io.osgiserve.bench.jmh;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.bench.noop.Noop;
import io.osgiserve.metrics.HttpRouteMetrics;
import io.osgiserve.metrics.ReplicaMetrics;
import io.osgiserve.metrics.RouterMetrics;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.runtime.replica.Replica;
import io.osgiserve.runtime.routing.DeploymentRouter;
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
 * What metrics cost a request, with the node's metrics on ({@code prometheus}) and off, in one run:
 * {@code record} is what the ingress, the router and the replica record for one no-op request, alone;
 * {@code routedCall} is a routed call to a no-op replica (as {@link RouterBenchmark}) with that recording.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
public class MetricsBenchmark {

    @Param({"off", "prometheus"})
    public String metrics;

    private ServeMetrics recorder;
    private HttpRouteMetrics route;
    private RouterMetrics routed;
    private ReplicaMetrics processed;
    private ExecutorService requests;
    private ExecutorService lifecycle;
    private DeploymentRouter router;
    private Replica replica;
    private Object[] args;

    @Setup(Level.Trial)
    public void start() {
        recorder = metrics.equals("off") ? ServeMetrics.off() : ServeMetrics.prometheus();
        route = recorder.httpRoute("noop", "/");
        requests = Executors.newFixedThreadPool(64);
        lifecycle = Executors.newFixedThreadPool(16);
        router = new DeploymentRouter("noop", 100, 1000);
        routed = recorder.router("noop", "noop");
        processed = recorder.replica("noop", "noop", "noop#0");
        router.metrics(routed);
        replica = new Replica("noop#0", "noop", requests, lifecycle);
        replica.metrics(processed);
        replica.start(Noop::new, null, 1);
        replica.ready().join();
        router.replicas(List.of(replica));
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

    /** The recording of one request: ingress (ongoing, route), router, replica. */
    @Benchmark
    public void record() {
        recorder.httpRequestStarted();
        long started = System.nanoTime();
        routed.requestRouted();
        processed.requestStarted();
        processed.requestFinished(false, 20_000);
        route.requestServed("GET", 200, System.nanoTime() - started);
        recorder.httpRequestEnded();
    }

    /** Two threads recording at once: the counters shared between the ingress's threads. */
    @Benchmark
    @Threads(2)
    public void recordTwoThreads() {
        record();
    }

    /** A routed call to the no-op replica, recorded by the router and the replica, and the ingress's part beside it. */
    @Benchmark
    public Object routedCall() {
        recorder.httpRequestStarted();
        long started = System.nanoTime();
        Object answer = router.call("call", args).join();
        route.requestServed("GET", 200, System.nanoTime() - started);
        recorder.httpRequestEnded();
        return answer;
    }
}
