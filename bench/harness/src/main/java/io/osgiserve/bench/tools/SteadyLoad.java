package io.osgiserve.bench.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded, steady request load: {@code callers} threads, each sending one request at a time at a fixed
 * pace, so the total rate is fixed (about {@code rps}) and does not eat the machine the node runs on.
 * A request fails when it gets no answer or an answer other than 200.
 */
final class SteadyLoad implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpRequest request;
    private final long periodNanos;
    private final List<Thread> callers = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    SteadyLoad(String url, String body, int rps, int threads) {
        this.request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) * threads / Math.max(1, rps);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::run, "steady-load-" + i);
            t.setDaemon(true);
            callers.add(t);
        }
    }

    SteadyLoad start() {
        callers.forEach(Thread::start);
        return this;
    }

    private void run() {
        long next = System.nanoTime();
        while (running) {
            sent.incrementAndGet();
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    fail(r.statusCode() + " " + r.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                fail(e.toString());
            }
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime();
            }
        }
    }

    private void fail(String why) {
        failed.incrementAndGet();
        if (failures.size() < 5) {
            failures.add(why);
        }
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    List<String> firstFailures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : callers) {
            t.join(15_000);
        }
    }
}
