package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.itests.apps.Turnstile;
import io.osgiserve.rest.RestIngress;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * A Jakarta REST deployment behind the router, over real HTTP: max_concurrent_queries holds, headers the
 * resource sets reach the client, the details name its docs page, and code updates roll with no failed
 * request while every retired version's Jersey application is closed and released.
 */
class RestDeploymentTest extends NodeTestSupport {
    private static final Duration ANSWERS = Duration.ofSeconds(30);
    private static final String ORDER = "{\"fruit\": \"MANGO\", \"amount\": 2}";
    private static final String DESK_CLASS = "io.osgiserve.itests.restcode.PriceDesk";
    /** Twenty kept versions would hold ~10 MB (a Jersey application is ~0.5 MB, plus its bundle's classes). */
    private static final long FLAT_HEAP_BYTES = 6L * 1024 * 1024;

    private ServeHttp http;

    @BeforeEach
    void client() {
        http = new ServeHttp(context);
    }

    @AfterEach
    void letEveryHeldRequestGo() {
        Turnstile.open();
    }

    @Test
    void twentyConcurrentSlowRequestsToARestDeploymentWithMaxConcurrentQueriesOneEnterItOneAtATime() throws Exception {
        http.deploy(Configs.rest(1));
        awaitRunning();
        Turnstile.reset(50);

        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(http.postAsync("/rest/slow", "{}"));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(ANSWERS.toSeconds(), TimeUnit.SECONDS);

        for (CompletableFuture<HttpResponse<String>> request : requests) {
            HttpResponse<String> response = request.join();
            assertEquals(200, response.statusCode(), () -> "POST /rest/slow answered " + ServeHttp.describe(response));
            assertEquals("passed", response.body());
        }
        assertEquals(20, Turnstile.entered(), "requests that reached the replica");
        assertEquals(1, Turnstile.mostInside(), "most requests inside the replica at once (max_concurrent_queries 1)");
    }

    @Test
    void aLocationHeaderTheResourceSetsReachesTheClient() throws Exception {
        http.deploy(Configs.rest(100));
        awaitRunning();
        HttpResponse<String> created = http.post("/rest/orders", "{}");
        assertEquals(201, created.statusCode(), () -> ServeHttp.describe(created));
        String port = context.getProperty("serve.http.port");
        assertEquals("http://127.0.0.1:" + port + "/rest/orders/7", created.headers().firstValue("Location").orElse(null),
                () -> ServeHttp.describe(created));
        assertEquals("{\"order\":7}", created.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void docsPathInTheDetailsPointsAtTheDocsPage() throws Exception {
        http.deploy(Configs.rest(100));
        awaitRunning();
        Map<String, Object> app = map(map(node().applications().get("applications")).get("default"));
        // relative to the application's route prefix, as Ray's docs_path (FastAPI's docs_url) is
        assertEquals("/rest", app.get("route_prefix"));
        assertEquals("/docs", app.get("docs_path"));
        HttpResponse<String> docs = http.ingress("GET", app.get("route_prefix") + (String) app.get("docs_path"), null);
        assertEquals(200, docs.statusCode(), () -> ServeHttp.describe(docs));
        assertTrue(docs.body().contains("swagger-ui") && docs.body().contains("/rest/openapi.json"), docs::body);
    }

    @Test
    void aCodeUpdateOfARestDeploymentUnderLoadFailsNoRequestAndClosesTheOldApplication() throws Exception {
        Path v1 = deskJar("v1");
        Path v2 = deskJar("v2");
        int before = RestIngress.openApplications();
        http.deploy(deskApp(v1));
        awaitRunning();
        assertEquals(before + 1, RestIngress.openApplications(), "one Jersey application for the running version");
        Set<String> old = http.replicaIds("PriceDesk");
        WeakReference<Class<?>> oldClass = new WeakReference<>(deskBundle().loadClass(DESK_CLASS));

        try (SteadyLoad load = SteadyLoad.start(http, "/desk/quote", ORDER, "6", 4, ANSWERS)) {
            await("the load to flow").atMost(ANSWERS).until(() -> load.answered() >= 40);
            http.deploy(deskApp(v2));
            await("PriceDesk rolled over to the new code").atMost(ANSWERS).untilAsserted(() -> {
                assertTrue(load.running(), "the load hit its time limit before the update rolled over");
                Set<String> kept = new HashSet<>(old);
                kept.retainAll(http.replicaIds("PriceDesk"));
                assertTrue(kept.isEmpty(), () -> "replicas of the old code still there: " + kept);
            });
            awaitRunning();
            int rolled = load.answered();
            await("more requests after the roll-over").atMost(ANSWERS).until(() -> load.answered() >= rolled + 40);
            load.close();
            List<String> failures = load.failures();
            assertEquals(0, failures.size(), () -> failures.size() + " requests failed during the code update; the first: "
                    + failures.subList(0, Math.min(5, failures.size())));
        }
        await("the old version's Jersey application closed").atMost(ANSWERS)
                .until(() -> RestIngress.openApplications() == before + 1);
        await("the old version's classes released (nothing holds its Jersey application)").atMost(ANSWERS).until(() -> {
            System.gc();
            return oldClass.get() == null;
        });
    }

    @Test
    void twentyCodeUpdatesOfARestDeploymentLeaveTheHeapFlat() throws Exception {
        int before = RestIngress.openApplications();
        http.deploy(deskApp(deskJar("v0")));
        awaitRunning();
        assertEquals(6, quote());
        await("the first version settled").atMost(ANSWERS).until(() -> RestIngress.openApplications() == before + 1);
        long heapBefore = settledHeap();

        List<WeakReference<Class<?>>> retired = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            Set<String> old = http.replicaIds("PriceDesk");
            retired.add(new WeakReference<>(deskBundle().loadClass(DESK_CLASS)));
            http.deploy(deskApp(deskJar("v" + i)));
            await("update " + i + " rolled over").atMost(ANSWERS).untilAsserted(() -> {
                Set<String> kept = new HashSet<>(old);
                kept.retainAll(http.replicaIds("PriceDesk"));
                assertTrue(kept.isEmpty(), () -> "replicas of the old code still there: " + kept);
            });
            awaitRunning();
            assertEquals(6, quote());
            // the API document too: swagger reads each version's classes
            HttpResponse<String> doc = http.ingress("GET", "/desk/openapi.json", null);
            assertEquals(200, doc.statusCode(), () -> ServeHttp.describe(doc));
        }
        await("every retired version's Jersey application closed").atMost(ANSWERS)
                .until(() -> RestIngress.openApplications() == before + 1);
        await("every retired version's classes released").atMost(ANSWERS).until(() -> {
            System.gc();
            return retired.stream().allMatch(ref -> ref.get() == null);
        });
        long grown = settledHeap() - heapBefore;
        assertTrue(grown < FLAT_HEAP_BYTES, () -> "the heap grew by " + grown / 1024 + " KB over 20 code updates");
    }

    private int quote() throws Exception {
        HttpResponse<String> r = http.post("/desk/quote", ORDER);
        assertEquals(200, r.statusCode(), () -> ServeHttp.describe(r));
        return Integer.parseInt(r.body().trim());
    }

    /** The bundle the node installed for PriceDesk's running code (the newest, while it rolls). */
    private Bundle deskBundle() {
        Bundle newest = null;
        for (Bundle b : context.getBundles()) {
            if ("itest-restcode".equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED
                    && (newest == null || b.getBundleId() > newest.getBundleId())) {
                newest = b;
            }
        }
        assertTrue(newest != null, "no itest-restcode bundle is installed");
        return newest;
    }

    private Path deskJar(String marker) throws Exception {
        Path dir = context.getDataFile("restcode").toPath();
        String imports = "io.osgiserve.api;version=\"[1.0,2)\",jakarta.ws.rs;version=\"[3.0,4)\","
                + "jakarta.ws.rs.core;version=\"[3.0,4)\"";
        return CodeJars.bundleOfPackage(context.getBundle(), "io/osgiserve/itests/restcode", "itest-restcode", imports,
                "desk=io.osgiserve.itests.restcode.RestCodeApp", dir.resolve("desk-" + marker + "-" + System.nanoTime() + ".jar"),
                marker);
    }

    private static Map<String, Object> deskApp(Path code) {
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("import_path", "desk:app");
        app.put("runtime_env", Map.of("working_dir", code.toUri().toString()));
        Map<String, Object> desk = new LinkedHashMap<>(Map.of("name", "PriceDesk"));
        app.put("deployments", List.of(desk));
        return app;
    }

    private static long settledHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
