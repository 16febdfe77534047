package io.osgiserve.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class ServeMetricsTest {

    private static final long MS = 1_000_000L;

    private final ServeMetrics metrics = ServeMetrics.prometheus();

    @Test
    void requestCounterEqualsTheRequestsServedAndAFailureCountsAsAnErrorWithItsStatusCode() throws Exception {
        HttpRouteMetrics route = metrics.httpRoute("fruit", "/");
        for (int i = 0; i < 50; i++) {
            route.requestServed("POST", 200, 2 * MS);
        }
        metrics.requestServed("fruit", "/", "POST", 500, 3 * MS);

        Scrape scrape = Scrape.of(metrics);
        assertEquals(50.0, scrape.value("ray_serve_num_http_requests_total",
                "route", "/", "method", "POST", "application", "fruit", "status_code", "200"));
        assertEquals(1.0, scrape.value("ray_serve_num_http_requests_total",
                "route", "/", "method", "POST", "application", "fruit", "status_code", "500"));
        assertEquals(1.0, scrape.value("ray_serve_num_http_error_requests_total",
                "route", "/", "error_code", "500", "method", "POST", "application", "fruit"));
        assertNull(scrape.value("ray_serve_num_http_error_requests_total",
                "route", "/", "error_code", "200", "method", "POST", "application", "fruit"), "a 200 is no error");
    }

    @Test
    void latencyHistogramBucketsAreMilliseconds() throws Exception {
        HttpRouteMetrics route = metrics.httpRoute("fruit", "/");
        route.requestServed("GET", 200, 3 * MS);
        route.requestServed("GET", 200, 700 * MS);

        Scrape scrape = Scrape.of(metrics);
        String[] labels = {"method", "GET", "route", "/", "application", "fruit", "status_code", "200"};
        assertEquals(0.0, bucket(scrape, "ray_serve_http_request_latency_ms", "2.0", labels));
        assertEquals(1.0, bucket(scrape, "ray_serve_http_request_latency_ms", "5.0", labels));
        assertEquals(1.0, bucket(scrape, "ray_serve_http_request_latency_ms", "500.0", labels));
        assertEquals(2.0, bucket(scrape, "ray_serve_http_request_latency_ms", "1000.0", labels));
        assertEquals(2.0, bucket(scrape, "ray_serve_http_request_latency_ms", "+Inf", labels));
        assertEquals(703.0, scrape.value("ray_serve_http_request_latency_ms_sum", labels), 1e-9);
        assertEquals(2.0, scrape.value("ray_serve_http_request_latency_ms_count", labels));
    }

    @Test
    void replicaRecordsRequestsErrorsLatencyAndWhatItIsProcessing() throws Exception {
        ReplicaMetrics replica = metrics.replica("fruit", "MangoStand", "MangoStand#a1");
        replica.started(250 * MS);
        replica.requestStarted();
        replica.requestStarted();
        replica.requestFinished(false, 4 * MS);

        String[] labels = {"deployment", "MangoStand", "replica", "MangoStand#a1", "application", "fruit"};
        Scrape during = Scrape.of(metrics);
        assertEquals(1.0, during.value("ray_serve_replica_processing_queries", labels));
        assertEquals(1.0, during.value("ray_serve_deployment_request_counter_total", labels));
        assertEquals(0.0, during.value("ray_serve_deployment_error_counter_total", labels));

        replica.requestFinished(true, 40 * MS);
        replica.healthy(true);
        replica.healthCheckFailed();
        Scrape after = Scrape.of(metrics);
        assertEquals(0.0, after.value("ray_serve_replica_processing_queries", labels));
        assertEquals(2.0, after.value("ray_serve_deployment_request_counter_total", labels));
        assertEquals(1.0, after.value("ray_serve_deployment_error_counter_total", labels));
        assertEquals(44.0, after.value("ray_serve_deployment_processing_latency_ms_sum", labels), 1e-9);
        assertEquals(1.0, after.value("ray_serve_deployment_replica_starts_total", labels));
        assertEquals(250.0, after.value("ray_serve_replica_startup_latency_ms_sum", labels), 1e-9);
        assertEquals(1.0, after.value("ray_serve_deployment_replica_healthy", labels));
        assertEquals(1.0, after.value("ray_serve_health_check_failures_total", labels));
    }

    @Test
    void aClosedReplicaLeavesTheScrapeAndItsSiblingStays() throws Exception {
        ReplicaMetrics gone = metrics.replica("fruit", "MangoStand", "MangoStand#a1");
        ReplicaMetrics kept = metrics.replica("fruit", "MangoStand", "MangoStand#b2");
        gone.requestFinished(false, MS);
        kept.requestFinished(false, MS);
        gone.close();

        Scrape scrape = Scrape.of(metrics);
        assertFalse(scrape.text.contains("MangoStand#a1"), scrape.text);
        assertEquals(1.0, scrape.value("ray_serve_deployment_request_counter_total",
                "deployment", "MangoStand", "replica", "MangoStand#b2", "application", "fruit"));
        assertTrue(metrics.replica("fruit", "MangoStand", "MangoStand#a1") != gone, "a closed handle is not handed out again");
    }

    @Test
    void theSameThingGetsTheSameHandle() {
        assertSame(metrics.httpRoute("fruit", "/"), metrics.httpRoute("fruit", "/"));
        assertSame(metrics.replica("fruit", "A", "A#1"), metrics.replica("fruit", "A", "A#1"));
        assertSame(metrics.router("fruit", "A"), metrics.router("fruit", "A"));
        assertSame(metrics.deployment("fruit", "A"), metrics.deployment("fruit", "A"));
    }

    @Test
    void oddMethodsAndStatusesFromClientsDoNotGrowTheSeries() throws Exception {
        HttpRouteMetrics route = metrics.httpRoute("fruit", "/");
        route.requestServed("BREW", 200, MS);
        route.requestServed("get", 200, MS);
        route.requestServed("X".repeat(10_000), 200, MS);
        route.requestServed("GET", 1000, MS);
        route.requestServed("GET", -7, MS);

        Scrape scrape = Scrape.of(metrics);
        assertEquals(3.0, scrape.value("ray_serve_num_http_requests_total",
                "route", "/", "method", "OTHER", "application", "fruit", "status_code", "200"));
        assertEquals(2.0, scrape.value("ray_serve_num_http_requests_total",
                "route", "/", "method", "GET", "application", "fruit", "status_code", "599"));
        long series = scrape.samples.keySet().stream().filter(k -> k.startsWith("ray_serve_num_http_requests_total{")).count();
        assertEquals(2, series);
    }

    @Test
    void routerCountsRoutedRequestsAndTheQueue() throws Exception {
        RouterMetrics router = metrics.router("fruit", "MangoStand");
        router.requestRouted();
        router.requestRouted();
        router.requestQueued();
        router.requestQueued();
        router.requestDequeued();

        Scrape scrape = Scrape.of(metrics);
        assertEquals(2.0, scrape.value("ray_serve_num_router_requests_total", "deployment", "MangoStand", "application", "fruit"));
        assertEquals(1.0, scrape.value("ray_serve_deployment_queued_queries", "deployment", "MangoStand", "application", "fruit"));
    }

    @Test
    void statusesAreTheirNumbersAndTheHelpTextSaysWhichIsWhich() throws Exception {
        metrics.deployment("fruit", "MangoStand").status("HEALTHY");
        metrics.deployment("fruit", "PearStand").status("DEPLOY_FAILED");
        metrics.deployment("fruit", "MangoStand").targetReplicas(2);
        metrics.applicationStatus("fruit", "RUNNING");
        metrics.applicationStatus("other", "SOMETHING_NEW");
        metrics.controlLoopDuration(25 * MS);

        Scrape scrape = Scrape.of(metrics);
        assertEquals(1.0, scrape.value("ray_serve_deployment_status", "deployment", "MangoStand", "application", "fruit"));
        assertEquals(3.0, scrape.value("ray_serve_deployment_status", "deployment", "PearStand", "application", "fruit"));
        assertEquals(2.0, scrape.value("ray_serve_autoscaling_target_replicas", "deployment", "MangoStand", "application", "fruit"));
        assertEquals(3.0, scrape.value("ray_serve_application_status", "application", "fruit"));
        assertEquals(-1.0, scrape.value("ray_serve_application_status", "application", "other"));
        assertEquals(0.025, scrape.value("ray_serve_controller_control_loop_duration_s"), 1e-12);
        assertTrue(scrape.text.contains("0=UPDATING, 1=HEALTHY, 2=UNHEALTHY, 3=DEPLOY_FAILED, 4=UPSCALING, 5=DOWNSCALING, -1=unknown"));
    }

    @Test
    void ongoingHttpRequestsGoUpAndDown() throws Exception {
        metrics.httpRequestStarted();
        metrics.httpRequestStarted();
        metrics.httpRequestEnded();
        assertEquals(1.0, Scrape.of(metrics).value("ray_serve_num_ongoing_http_requests"));
    }

    @Test
    void removingAnApplicationRemovesAllItsSeriesAndNoOtherApplications() throws Exception {
        for (String app : new String[] {"fruit", "veg"}) {
            metrics.httpRoute(app, "/" + app).requestServed("GET", 200, MS);
            metrics.replica(app, "Stand", "Stand#1").requestFinished(false, MS);
            metrics.router(app, "Stand").requestRouted();
            metrics.deployment(app, "Stand").status("HEALTHY");
            metrics.applicationStatus(app, "RUNNING");
        }
        metrics.applicationRemoved("fruit");

        Scrape scrape = Scrape.of(metrics);
        assertFalse(scrape.text.contains("\"fruit\""), scrape.text);
        assertEquals(1.0, scrape.value("ray_serve_num_router_requests_total", "deployment", "Stand", "application", "veg"));
        assertEquals(3.0, scrape.value("ray_serve_application_status", "application", "veg"));
    }

    @Test
    void jvmMetricsAreBesideTheNodes() throws Exception {
        Scrape scrape = Scrape.of(metrics);
        assertTrue(scrape.has("jvm_memory_used_bytes"), "JVM memory");
        assertTrue(scrape.has("jvm_threads_current"), "JVM threads");
    }

    @Test
    void offRecordsAndShowsNothing() throws Exception {
        ServeMetrics off = ServeMetrics.off();
        off.requestServed("fruit", "/", "GET", 200, MS);
        off.replica("fruit", "A", "A#1").requestFinished(true, MS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        off.writeTo(out);
        assertEquals(0, out.size());
    }

    @Test
    void recordingARequestAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        HttpRouteMetrics route = metrics.httpRoute("fruit", "/");
        ReplicaMetrics replica = metrics.replica("fruit", "MangoStand", "MangoStand#a1");
        RouterMetrics router = metrics.router("fruit", "MangoStand");
        Runnable oneRequest = () -> {
            metrics.httpRequestStarted();
            router.requestRouted();
            replica.requestStarted();
            replica.requestFinished(false, 2 * MS);
            metrics.requestServed("fruit", "/", "POST", 200, 3 * MS);
            route.requestServed("GET", 404, MS);
            metrics.httpRequestEnded();
        };
        for (int i = 0; i < 20_000; i++) {
            oneRequest.run();
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        int requests = 100_000;
        for (int i = 0; i < requests; i++) {
            oneRequest.run();
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // A single small object per request would be 1.6 MB here; what is left is the measurement's own noise.
        assertTrue(allocated < requests, "recording allocated " + allocated + " bytes for " + requests + " requests");
    }

    private static Double bucket(Scrape scrape, String histogram, String le, String... labels) {
        String[] withLe = java.util.Arrays.copyOf(labels, labels.length + 2);
        withLe[labels.length] = "le";
        withLe[labels.length + 1] = le;
        return scrape.value(histogram + "_bucket", withLe);
    }
}
