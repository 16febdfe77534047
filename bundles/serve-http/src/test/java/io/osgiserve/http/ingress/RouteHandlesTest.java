package io.osgiserve.http.ingress;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.http.testing.FakeRoutes;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.node.Route;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The ingress finds a route's metrics handle by the route itself: no lookup, no allocation per request. */
class RouteHandlesTest {

    private final ServeMetrics metrics = ServeMetrics.prometheus();
    private final RouteHandles handles = new RouteHandles(metrics);

    @Test
    void aRouteRecordsThroughItsApplicationsHandle() {
        Route fruit = route("fruit", "/");
        Route veg = route("veg", "/veg");
        FakeRoutes table = new FakeRoutes(Map.of("/", fruit, "/veg", veg));

        assertSame(metrics.httpRoute("fruit", "/"), handles.of(table, fruit));
        assertSame(metrics.httpRoute("veg", "/veg"), handles.of(table, veg));
        assertSame(metrics.httpRoute("fruit", "/"), handles.of(table, fruit));
    }

    @Test
    void findingAKnownRoutesHandleAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Route[] routes = {route("fruit", "/"), route("fruit", "/a"), route("veg", "/veg")};
        FakeRoutes table = new FakeRoutes(Map.of("/", routes[0], "/a", routes[1], "/veg", routes[2]));
        Runnable requests = () -> {
            for (int i = 0; i < 30_000; i++) {
                handles.of(table, routes[i % 3]).requestServed("POST", 200, 1_000_000L);
            }
        };
        requests.run(); // warm: the JIT, and each route learnt once
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        requests.run();
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // one small object per request would be about 500 KB here; what is left is the counter's own noise
        assertTrue(allocated < 30_000, "30000 requests allocated " + allocated + " bytes");
    }

    @Test
    void anApplicationDeployedAgainIsCountedAgainUnderANewTable() throws Exception {
        Route first = route("fruit", "/");
        handles.of(new FakeRoutes(Map.of("/", first)), first).requestServed("GET", 200, 1_000_000L);
        metrics.applicationRemoved("fruit");

        Route again = route("fruit", "/");
        handles.of(new FakeRoutes(Map.of("/", again)), again).requestServed("GET", 200, 1_000_000L);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.writeTo(out);
        String scrape = out.toString(StandardCharsets.UTF_8);
        assertTrue(scrape.contains("ray_serve_num_http_requests_total{application=\"fruit\",method=\"GET\",route=\"/\",status_code=\"200\"} 1.0"),
                scrape);
    }

    private static Route route(String application, String prefix) {
        return new Route() {
            @Override
            public String prefix() {
                return prefix;
            }

            @Override
            public String deployment() {
                return "D";
            }

            @Override
            public String application() {
                return application;
            }

            @Override
            public CompletableFuture<Object> handle(HttpRequest request) {
                return CompletableFuture.completedFuture("ok");
            }
        };
    }
}
