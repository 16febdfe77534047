package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.itests.apps.Turnstile;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router over real HTTP: a replica never holds more than max_concurrent_queries, the rest wait in
 * a bounded queue, and past the queue the ingress answers 503 with Retry-After. SlowStand (routed at
 * /slow) holds every request in the {@link Turnstile}, which counts how many are inside at once.
 */
class BackpressureTest extends NodeTestSupport {
    private static final Duration ANSWERS = Duration.ofSeconds(20);

    private ServeHttp http;

    @BeforeEach
    void client() {
        http = new ServeHttp(context);
    }

    @AfterEach
    void letEveryHeldRequestGo() {
        // before the node shuts down, which would otherwise wait for the held requests
        Turnstile.open();
    }

    @Test
    void twentyConcurrentRequestsAreAllAnsweredWithNeverMoreThanOneInTheReplica() throws Exception {
        http.deploy(Configs.slow(1, null));
        awaitRunning();
        Turnstile.reset(50);

        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(http.postAsync("/slow", "{}"));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(ANSWERS.toSeconds(), TimeUnit.SECONDS);

        for (CompletableFuture<HttpResponse<String>> request : requests) {
            HttpResponse<String> response = request.join();
            assertEquals(200, response.statusCode(), () -> "POST /slow answered " + ServeHttp.describe(response));
            assertEquals("passed", response.body());
        }
        assertEquals(20, Turnstile.entered(), "requests that reached the replica");
        assertEquals(1, Turnstile.mostInside(), "most requests inside the replica at once (max_concurrent_queries 1)");
    }

    @Test
    void requestsBeyondTheRunningOneAndTheTwoQueuedGet503WithRetryAfter() throws Exception {
        http.deploy(Configs.slow(1, 2));
        awaitRunning();
        Turnstile.reset(ANSWERS.toMillis());

        CompletableFuture<HttpResponse<String>> running = http.postAsync("/slow", "{}");
        await("the first request inside the replica").atMost(ANSWERS).until(() -> Turnstile.entered() == 1);
        List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            more.add(http.postAsync("/slow", "{}"));
        }

        await("4 of the 6 later requests answered at once (2 fit the queue)").atMost(ANSWERS)
                .untilAsserted(() -> assertEquals(4, more.stream().filter(CompletableFuture::isDone).count()));
        List<HttpResponse<String>> refused = more.stream().filter(CompletableFuture::isDone)
                .map(CompletableFuture::join).toList();
        for (HttpResponse<String> response : refused) {
            assertEquals(503, response.statusCode(), () -> "an over-queue request answered " + ServeHttp.describe(response));
            String retryAfter = response.headers().firstValue("Retry-After").orElse("");
            assertTrue(!retryAfter.isBlank(), () -> "a 503 without Retry-After: " + ServeHttp.describe(response));
        }
        assertEquals(1, Turnstile.entered(), "requests inside the replica while it is blocked");

        Turnstile.open();

        List<HttpResponse<String>> served = new ArrayList<>();
        served.add(running.get(ANSWERS.toSeconds(), TimeUnit.SECONDS));
        for (CompletableFuture<HttpResponse<String>> request : more) {
            HttpResponse<String> response = request.get(ANSWERS.toSeconds(), TimeUnit.SECONDS);
            if (!refused.contains(response)) {
                served.add(response);
            }
        }
        assertEquals(3, served.size(), () -> "the running request and the two queued ones: " + served);
        for (HttpResponse<String> response : served) {
            assertEquals(200, response.statusCode(), () -> "a running or queued request answered "
                    + ServeHttp.describe(response));
        }
        assertEquals(3, Turnstile.entered(), "requests that reached the replica");
        assertEquals(1, Turnstile.mostInside(), "most requests inside the replica at once (max_concurrent_queries 1)");
    }
}
