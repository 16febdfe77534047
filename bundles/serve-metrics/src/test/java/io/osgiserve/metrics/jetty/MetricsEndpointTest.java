package io.osgiserve.metrics.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osgiserve.metrics.ServeMetrics;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} over real HTTP, checked by Prometheus's own promtool. */
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
    void aScrapeAfterTrafficPassesPromtoolAndHasEveryReferenceNameWithItsLabels() throws Exception {
        recordFruitStandTraffic();

        HttpResponse<String> scrape = get("/metrics", "GET");
        assertEquals(200, scrape.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.headers().firstValue("content-type").orElse(""));

        PromtoolVerdict verdict = promtool(scrape.body());
        assertTrue(verdict.exitCode == 0 || verdict.exitCode == 3, "promtool found the exposition malformed: " + verdict.output);
        for (String problem : verdict.problems()) {
            // promtool's lint wants base units and no type in a name; the reference's names (which dashboards
            // query) say _ms, _s and _counter. Nothing else may be reported.
            Matcher lint = Pattern.compile("(\\w+) (metric names should not contain abbreviated units"
                    + "|metric name should not include type 'counter')").matcher(problem);
            assertTrue(lint.matches(), "promtool: " + problem);
            String name = lint.group(1);
            assertTrue(REFERENCE.containsKey(name) || REFERENCE.containsKey(name + "_bucket"),
                    "promtool complains about " + name + ", which is not one of the reference's names: " + problem);
        }

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

    private record PromtoolVerdict(int exitCode, String output) {
        List<String> problems() {
            return output.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** Runs {@code promtool check metrics} on the text; fails (not skips) when promtool is not installed. */
    private static PromtoolVerdict promtool(String exposition) throws Exception {
        String promtool = null;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (new File(dir, "promtool").canExecute()) {
                promtool = new File(dir, "promtool").getPath();
                break;
            }
        }
        if (promtool == null) {
            fail("promtool is not on PATH: install Debian's prometheus package (apt-get install prometheus), as .ci/run does");
        }
        Process process = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool did not finish in 60 s");
        }
        return new PromtoolVerdict(process.exitValue(), output);
    }
}
