package io.osgiserve.itests;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded, steady load on the ingress: {@code clients} threads POST the same body back to back until
 * stopped or until {@code limit} has passed, and every answer that is not 200 with the expected body
 * is kept as a failure.
 */
final class SteadyLoad implements AutoCloseable {
    private final ServeHttp http;
    private final String path;
    private final String body;
    private final String expected;
    private final long deadlineNanos;
    private final ExecutorService clients;
    private final List<Future<?>> running = new ArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    private SteadyLoad(ServeHttp http, String path, String body, String expected, int clients, Duration limit) {
        this.http = http;
        this.path = path;
        this.body = body;
        this.expected = expected;
        this.deadlineNanos = System.nanoTime() + limit.toNanos();
        this.clients = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            running.add(this.clients.submit(this::sendUntilStopped));
        }
    }

    /** Starts {@code clients} threads POSTing {@code body} to {@code path}, each expecting {@code expected}. */
    static SteadyLoad start(ServeHttp http, String path, String body, String expected, int clients, Duration limit) {
        return new SteadyLoad(http, path, body, expected, clients, limit);
    }

    /** Requests answered so far (right or wrong). */
    int answered() {
        return answered.get();
    }

    /** True while the load runs (it ends at its time limit). */
    boolean running() {
        return !stopped && System.nanoTime() < deadlineNanos;
    }

    /** Every request that did not answer 200 with the expected body, described. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops sending and waits for the requests in flight to end. */
    @Override
    public void close() throws Exception {
        stopped = true;
        clients.shutdown();
        if (!clients.awaitTermination(ServeHttp.REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
            clients.shutdownNow();
            throw new AssertionError("the load's clients did not stop");
        }
        for (Future<?> client : running) {
            client.get();
        }
    }

    private void sendUntilStopped() {
        while (running()) {
            try {
                HttpResponse<String> response = http.post(path, body);
                if (response.statusCode() != 200 || !expected.equals(response.body().trim())) {
                    failures.add(ServeHttp.describe(response));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failures.add(e.toString());
            }
            answered.incrementAndGet();
        }
    }
}
