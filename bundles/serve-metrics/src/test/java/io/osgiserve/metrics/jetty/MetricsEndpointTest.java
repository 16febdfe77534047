package io.osgiserve.metrics.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osgiserve.metrics.ServeMetrics;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} over real HTTP: every reference name with its labels. Prometheus's promtool checks
 * a real node's scrape (the in-framework {@code MetricsOverHttpTest}), the one place it runs.
 */
class MetricsEndpointTest {

    private static final long MS = 1_000_000L;

    /** Each of the reference's metric names (the sample name as scraped) and the labels it carries. */
    private static final Map<String, List<String>> REFERENCE = Map.ofEntries(
            Map.entry("ray_serve_num_http_requests_total", List.of("application", "method", "route", "status_code")),
            Map.entry("ray_serve_num_http_error_requests_total", List.of("application", "error_code", "method", "route")),
            Map.entry("ray_serve_http_request_latency_ms_bucket", List.of("application", "le", "method", "route", "status_code")),
            Map.entry("ray_serve_num_ongoing_http_requests", List.of()),
            Map.entry("ray_serve_deployment_request_counter_total", List.of("application", "deployment", "replica")),
            Map.entry("ray_serve_deployment_error_counter_total", List.of("application", "deployment", "replica")),
            Map.entry("ray_serve_deployment_processing_latency_ms_bucket", List.of("application", "deployment", "le", "replica")),
            Map.entry("ray_serve_replica_processing_queries", List.of("application", "deployment", "replica")),
            Map.entry("ray_serve_deployment_replica_starts_total", List.of("application", "deployment", "replica")),
            Map.entry("ray_serve_deployment_queued_queries", List.of("application", "deployment")),
            Map.entry("ray_serve_num_router_requests_total", List.of("application", "deployment")),
            Map.entry("ray_serve_deployment_replica_healthy", List.of("application", "deployment", "replica")),
            Map.entry("ray_serve_deployment_status", List.of("application", "deployment")),
            Map.entry("ray_serve_application_status", List.of("application")),
            Map.entry("ray_serve_autoscaling_target_replicas", List.of("application", "deployment")),
            Map.entry("ray_serve_health_check_failures_total", List.of("application", "deployment", "replica")),
            Map.entry("ray_serve_replica_startup_latency_ms_bucket", List.of("application", "deployment", "le", "replica")),
            Map.entry("ray_serve_controller_control_loop_duration_s", List.of()));

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

        for (Map.Entry<String, List<String>> metric : REFERENCE.entrySet()) {
            List<List<String>> labelSets = labelSets(scrape.body(), metric.getKey());
            assertTrue(!labelSets.isEmpty(), metric.getKey() + " is not in the scrape");
            for (List<String> labels : labelSets) {
                assertEquals(metric.getValue(), labels, "labels of " + metric.getKey());
            }
        }
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

    private static List<List<String>> labelSets(String exposition, String name) {
        List<List<String>> sets = new ArrayList<>();
        Pattern sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{([^}]*)\\})? ");
        Matcher m = sample.matcher(exposition);
        while (m.find()) {
            TreeSet<String> labels = new TreeSet<>();
            if (m.group(2) != null) {
                Matcher label = Pattern.compile("(\\w+)=\"").matcher(m.group(2));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
            sets.add(List.copyOf(labels));
        }
        return sets;
    }
}
