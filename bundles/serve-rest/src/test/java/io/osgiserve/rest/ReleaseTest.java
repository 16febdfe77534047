package io.osgiserve.rest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Configuration;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A retired version's Jersey application is released: nothing keeps it reachable once closed. */
class ReleaseTest {
    private static final int CYCLES = 20;
    /** Each application costs about half a megabyte; twenty kept would be ~10 MB. */
    private static final long FLAT_BYTES = 4L * 1024 * 1024;

    @Test
    void twentyBuildAndReleaseCyclesLeaveNoApplicationBehindAndTheHeapFlat() throws Exception {
        cycle(new ArrayList<>()); // the first build loads Jersey's classes: not part of what a cycle keeps
        long before = settledHeap();
        List<WeakReference<Configuration>> applications = new ArrayList<>();
        for (int i = 0; i < CYCLES; i++) {
            cycle(applications);
        }
        assertEquals(CYCLES, applications.size());
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            System.gc();
            return applications.stream().allMatch(ref -> ref.get() == null);
        });
        long after = settledHeap();
        assertTrue(after - before < FLAT_BYTES, "heap grew by " + (after - before) + " bytes over " + CYCLES + " cycles");
    }

    private static void cycle(List<WeakReference<Configuration>> applications) throws Exception {
        RestIngress ingress = RestIngress.build(Shop.class);
        Shop shop = new Shop("a");
        shop.configWatcher = applications::add;
        assertEquals(200, ingress.handle(shop, "/shop", Requests.get("/config")).get(30, TimeUnit.SECONDS).status());
        assertEquals(200, ingress.handle(shop, "/shop", Requests.get(RestIngress.OPENAPI_PATH)).get(30, TimeUnit.SECONDS).status());
        ingress.close();
    }

    private static long settledHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
