package io.osgiserve.http.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.metrics.testing.ReferenceMetrics;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scrapers' server ({@code serve.metrics.port}) over real HTTP: every reference name with its labels,
 * only /metrics, a taken port in one line. Prometheus's promtool checks a real node's scrape (the
 * in-framework {@code MetricsOverHttpTest}), the one place it runs.
 */
class MetricsServerTest {

    private static final long MS = 1_000_000L;

    private final ServeMetrics metrics = ServeMetrics.prometheus();
    private final HttpClient http = HttpClient.newHttpClient();
    private MetricsServer server;

    @BeforeEach
    void start() throws IOException {
        server = MetricsServer.start("127.0.0.1", 0, metrics);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aScrapeAfterTrafficHasEveryReferenceNameWithItsLabels() throws Exception {
        recordFruitStandTraffic();

        HttpResponse<String> scrape = get("/metrics", "GET");
        assertEquals(200, scrape.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.headers().firstValue("content-type").orElse(""));

        assertEquals(List.of(), ReferenceMetrics.problems(scrape.body()), "each of the reference's names with its labels");
        assertTrue(scrape.body().contains("\njvm_memory_used_bytes{"), "JVM metrics beside the node's");
        assertTrue(scrape.body().contains(
                "ray_serve_num_http_requests_total{application=\"fruit\",method=\"POST\",route=\"/\",status_code=\"200\"} 50"),
                scrape.body());
    }

    @Test
    void headHasNoBodyOtherMethodsAre405AndOtherPaths404() throws Exception {
        HttpResponse<String> head = get("/metrics", "HEAD");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());

        HttpResponse<String> post = get("/metrics", "POST");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("allow").orElse(""));

        assertEquals(404, get("/api/serve/applications/", "GET").statusCode());
        assertEquals(404, get("/metrics/../etc/passwd", "GET").statusCode());
    }

    @Test
    void afterCloseThePortRefusesConnections() {
        int port = server.port();
        server.close();
        try {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            fail("the closed metrics server still answered");
        } catch (IOException e) {
            assertTrue(e instanceof ConnectException || e.getCause() instanceof ConnectException, e.toString());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTakenPortIsRefusedWithAOneLineMessageNamingIt() {
        IOException refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> MetricsServer.start("127.0.0.1", server.port(), metrics));
        assertEquals("serve metrics: cannot listen on 127.0.0.1:" + server.port()
                + ": the port is already in use; choose another with serve.metrics.port", refused.getMessage());
    }

    /** 50 requests and one that fails, through every layer the node will record in. */
    private void recordFruitStandTraffic() {
        String[] deployments = {"MangoStand", "OrangeStand", "PearStand", "FruitMarket", "DAGDriver"};
        metrics.applicationStatus("fruit", "RUNNING");
        for (String deployment : deployments) {
            metrics.deployment("fruit", deployment).status("HEALTHY");
            metrics.deployment("fruit", deployment).targetReplicas(1);
            metrics.replica("fruit", deployment, deployment + "#r1").started(120 * MS);
            metrics.replica("fruit", deployment, deployment + "#r1").healthy(true);
        }
        metrics.replica("fruit", "MangoStand", "MangoStand#r1").healthCheckFailed();
        for (int i = 0; i <= 50; i++) {
            boolean fails = i == 50;
            metrics.httpRequestStarted();
            metrics.router("fruit", "DAGDriver").requestRouted();
            metrics.router("fruit", "DAGDriver").requestQueued();
            metrics.router("fruit", "DAGDriver").requestDequeued();
            metrics.replica("fruit", "DAGDriver", "DAGDriver#r1").requestStarted();
            metrics.replica("fruit", "DAGDriver", "DAGDriver#r1").requestFinished(fails, 3 * MS);
            metrics.requestServed("fruit", "/", "POST", fails ? 500 : 200, 4 * MS);
            metrics.httpRequestEnded();
        }
        metrics.controlLoopDuration(2 * MS);
    }

    private HttpResponse<String> get(String path, String method) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
