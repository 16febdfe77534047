package io.osgiserve.bench.jmh;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.bench.noop.Noop;
import io.osgiserve.runtime.replica.Invoker;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under {@link RouterBenchmark}: the no-op method called on the same kind of executor and
 * waited for, with no router in between; and the bare reflective call the replica makes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
public class ExecutorBaselineBenchmark {

    private ExecutorService requests;
    private Noop target;
    private HttpRequest request;
    private Invoker invoker;
    private Object[] args;

    @Setup(Level.Trial)
    public void start() {
        requests = Executors.newFixedThreadPool(64);
        target = new Noop();
        request = new HttpRequest("GET", "/", "", Map.of(), new byte[0]);
        invoker = new Invoker(Noop.class);
        args = new Object[] {request};
    }

    @TearDown(Level.Trial)
    public void stop() {
        requests.shutdownNow();
    }

    /** The hop to a pool thread and back, calling the method directly. */
    @Benchmark
    public Object executorHop() {
        return CompletableFuture.supplyAsync(() -> target.call(request), requests).join();
    }

    @Benchmark
    @Threads(4)
    public Object executorHopFourCallers() {
        return CompletableFuture.supplyAsync(() -> target.call(request), requests).join();
    }

    /** The replica's reflective call by name (method cache, argument conversion), no thread hop. */
    @Benchmark
    public Object invokerOnly() throws Throwable {
        return invoker.invoke(target, "call", args);
    }
}
