package io.osgiserve.http.ingress;

import static io.osgiserve.http.testing.FakeRoutes.route;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osgiserve.http.testing.FakeRoutes;
import io.osgiserve.http.testing.Http;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * More requests wait for their deployments at once than the ingress has threads (200): they are all
 * answered once the deployments complete, so no thread was held while waiting.
 */
class IngressWaitsForNoThreadTest {

    private static final int PENDING = 260;

    private final JettyIngress ingress = new JettyIngress(IngressLimits.defaults());

    @AfterEach
    void close() {
        ingress.close();
    }

    @Test
    void moreWaitingRequestsThanThreadsAreAllAnswered() throws Exception {
        Queue<CompletableFuture<Object>> waiting = new ConcurrentLinkedQueue<>();
        ingress.open("127.0.0.1", 0, () -> new FakeRoutes(Map.of("/", route("/", "Slow", request -> {
            CompletableFuture<Object> later = new CompletableFuture<>();
            waiting.add(later);
            return later;
        }))));
        Http http = new Http(ingress.localPort().orElseThrow());

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < PENDING; i++) {
            answers.add(Http.client().sendAsync(http.request("/n").GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> waiting.size() == PENDING);
        int n = 0;
        for (CompletableFuture<Object> request : waiting) {
            request.complete(n++);
        }

        int answered = 0;
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertEquals(200, answer.get().statusCode());
            answered++;
        }
        assertEquals(PENDING, answered);
    }
}
