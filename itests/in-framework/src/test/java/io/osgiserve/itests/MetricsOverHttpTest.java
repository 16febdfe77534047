package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osgiserve.metrics.testing.ReferenceMetrics;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's metrics as a scraper gets them: GET /metrics on the agent (with its token) after FruitStand
 * traffic through the ingress, checked by Prometheus's promtool, counting exactly the requests sent.
 */
class MetricsOverHttpTest extends NodeTestSupport {
    private static final String REQUESTS = "ray_serve_num_http_requests_total";
    private static final String ERRORS = "ray_serve_num_http_error_requests_total";
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private ServeHttp http;

    @BeforeEach
    void setUp() {
        http = new ServeHttp(context);
    }

    @Test
    void afterFiftyRequestsAndOneFailingTheScrapePassesPromtoolAndCountsExactlyThem() throws Exception {
        http.deploy(Configs.fruit());
        awaitRunning();
        String before = scrape();

        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = http.post("/", "[\"MANGO\", 2]");
            assertEquals(200, r.statusCode(), () -> ServeHttp.describe(r));
        }
        HttpResponse<String> failing = http.post("/", "not json");
        int failed = failing.statusCode();
        assertTrue(failed >= 400, () -> "the failing request: " + ServeHttp.describe(failing));

        String after = scrape();
        Map<String, String> ok = Map.of("application", "default", "route", "/", "method", "POST", "status_code", "200");
        Map<String, String> bad = Map.of("application", "default", "route", "/", "method", "POST",
                "status_code", String.valueOf(failed));
        Map<String, String> error = Map.of("application", "default", "route", "/", "method", "POST",
                "error_code", String.valueOf(failed));
        assertEquals(50, value(after, REQUESTS, ok) - value(before, REQUESTS, ok), "POST / answered 200");
        assertEquals(1, value(after, REQUESTS, bad) - value(before, REQUESTS, bad), "POST / answered " + failed);
        assertEquals(1, value(after, ERRORS, error) - value(before, ERRORS, error), "errors of POST /");

        Map<String, String> mango = Map.of("application", "default", "deployment", "MangoStand");
        assertEquals(50, sum(after, "ray_serve_deployment_request_counter_total", mango)
                - sum(before, "ray_serve_deployment_request_counter_total", mango), "calls MangoStand's replicas took");
        assertEquals(2, sum(after, "ray_serve_deployment_replica_starts_total", mango), "MangoStand's replicas started");
        assertEquals(50, sum(after, "ray_serve_num_router_requests_total", mango)
                - sum(before, "ray_serve_num_router_requests_total", mango), "calls routed to MangoStand");
        assertTrue(after.contains("\nray_serve_controller_control_loop_duration_s "), "the control loop's duration");

        // the controller's gauges (set once a tick): statuses as the reference numbers them, targets, start-up
        String[] last = {after};
        await("ray_serve_application_status RUNNING (3)").atMost(DEPLOY_TIMEOUT).until(() ->
                value(last[0] = scrape(), "ray_serve_application_status", Map.of("application", "default")) == 3);
        after = last[0];
        for (String deployment : List.of("MangoStand", "OrangeStand", "PearStand", "FruitMarket", "DAGDriver")) {
            Map<String, String> d = Map.of("application", "default", "deployment", deployment);
            assertEquals(1, value(after, "ray_serve_deployment_status", d), deployment + " HEALTHY is 1");
            assertEquals(deployment.equals("MangoStand") || deployment.equals("FruitMarket") ? 2 : 1,
                    value(after, "ray_serve_autoscaling_target_replicas", d), deployment + "'s target replicas");
        }
        assertEquals(2, sum(after, "ray_serve_replica_startup_latency_ms_count", mango), "MangoStand's start-ups timed");
        assertEquals(0, sum(after, "ray_serve_health_check_failures_total", mango), "no failed health check");
        assertEquals(2, count(after, "ray_serve_health_check_failures_total", mango), "a series per MangoStand replica");

        String[] verdict = promtool(after);
        assertTrue(verdict[0].equals("0") || verdict[0].equals("3"), () -> "promtool found the exposition malformed: " + verdict[1]);
        for (String problem : verdict[1].lines().filter(l -> !l.isBlank()).toList()) {
            // promtool's lint wants base units and no type in a name; the reference's names (which dashboards
            // query) say _ms, _s and _counter. Nothing else may be reported, and only of the reference's names.
            Matcher lint = Pattern.compile("(\\w+) (metric names should not contain abbreviated units"
                    + "|metric name should not include type 'counter')").matcher(problem);
            assertTrue(lint.matches(), () -> "promtool: " + problem);
            String name = lint.group(1);
            assertTrue(ReferenceMetrics.isReferenceName(name),
                    () -> "promtool complains about " + name + ", which is not one of the reference's names: " + problem);
        }
        assertEquals(List.of(), ReferenceMetrics.problems(after), "each of the reference's names with its labels");
        assertTrue(after.contains("\njvm_memory_used_bytes{"), "the JVM's metrics beside the node's");
    }

    @Test
    void scrapersReadTheMetricsOnTheirOwnPortWithoutTheTokenAndNothingElse() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String server = "http://127.0.0.1:" + context.getProperty("serve.metrics.port");
        HttpResponse<String> scrape = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode(), () -> ServeHttp.describe(scrape));
        assertTrue(scrape.body().contains("\nray_serve_num_ongoing_http_requests "), scrape::body);

        HttpResponse<String> other = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                server + "/api/serve/applications/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, other.statusCode(), () -> ServeHttp.describe(other));
    }

    @Test
    void theMetricsNeedTheAgentsToken() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        HttpResponse<String> anonymous = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + context.getProperty("serve.agent.port") + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), anonymous::body);
    }

    @Test
    void theDashboardSignsInWithTheTokenOnceAndItsCookieThenReadsTheApiAndTheMetricsButCannotDeploy() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String agent = "http://127.0.0.1:" + context.getProperty("serve.agent.port");

        HttpResponse<String> page = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(agent + "/dashboard/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), () -> ServeHttp.describe(page));
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().map()::toString);

        HttpResponse<String> wrong = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(agent + "/dashboard/session"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("not-the-token")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty(), () -> "a wrong token got a session: " + wrong.headers().map());

        HttpResponse<String> signIn = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(agent + "/dashboard/session"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(http.agentToken())).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(signIn.statusCode() / 100 == 2, () -> ServeHttp.describe(signIn));
        String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError("no session: " + signIn.headers().map()));
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
        String cookie = setCookie.split(";", 2)[0];

        for (String path : List.of("/metrics", "/api/serve/applications/")) {
            HttpResponse<String> read = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(agent + path))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, read.statusCode(), () -> path + " with the session: " + ServeHttp.describe(read));
        }
        HttpResponse<String> deploy = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(agent + "/api/serve/deployments/"))
                .header("Cookie", cookie).header("Content-Type", "application/yaml")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(Configs.fruitYaml())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, deploy.statusCode(), () -> "a deploy with the session only: " + ServeHttp.describe(deploy));
        assertEquals("NOT_STARTED", appStatus(), "nothing was deployed");
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = http.agentGet("/metrics");
        assertEquals(200, r.statusCode(), () -> ServeHttp.describe(r));
        return r.body();
    }

    /** The sample of {@code name} with exactly {@code labels}, 0 when the series is not there yet. */
    private static double value(String exposition, String name, Map<String, String> labels) {
        Matcher m = SAMPLE.matcher(exposition);
        while (m.find()) {
            if (!m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new LinkedHashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                found.put(l.group(1), l.group(2));
            }
            if (found.equals(labels)) {
                return Double.parseDouble(m.group(3));
            }
        }
        return 0;
    }

    /** The samples of {@code name} whose labels include {@code labels}, added up. */
    private static double sum(String exposition, String name, Map<String, String> labels) {
        double total = 0;
        Matcher m = SAMPLE.matcher(exposition);
        while (m.find()) {
            if (!m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new LinkedHashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                found.put(l.group(1), l.group(2));
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                total += Double.parseDouble(m.group(3));
            }
        }
        return total;
    }

    /** The number of samples of {@code name} whose labels include {@code labels}. */
    private static int count(String exposition, String name, Map<String, String> labels) {
        int n = 0;
        Matcher m = SAMPLE.matcher(exposition);
        while (m.find()) {
            Map<String, String> found = new LinkedHashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                found.put(l.group(1), l.group(2));
            }
            if (m.group(1).equals(name) && found.entrySet().containsAll(labels.entrySet())) {
                n++;
            }
        }
        return n;
    }

    /**
     * {@code promtool check metrics} on the text: its exit code and output. The project's one promtool
     * runner; it fails (does not skip) when promtool is missing.
     */
    private static String[] promtool(String exposition) throws Exception {
        String promtool = null;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (new File(dir, "promtool").canExecute()) {
                promtool = new File(dir, "promtool").getPath();
                break;
            }
        }
        if (promtool == null) {
            fail("promtool is not on PATH: install Debian's prometheus package (.ci/test-tools does)");
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
        return new String[] {String.valueOf(process.exitValue()), output};
    }
}
