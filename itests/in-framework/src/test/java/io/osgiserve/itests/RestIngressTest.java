package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.itests.apps.AnnotatedStand;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A deployment class annotated {@code @Path} is served through Jakarta REST behind the replica router,
 * over real HTTP: examples/fruit-rest as its README shows it, and the lifecycle annotations of any
 * deployment class.
 */
class RestIngressTest extends NodeTestSupport {
    private ServeHttp http;

    @BeforeEach
    void setUp() {
        http = new ServeHttp(context);
        AnnotatedStand.EVENTS.clear();
    }

    @Test
    void theRestFruitMarketAnswersQuotesUnitPricesErrorsAndItsDocs() throws Exception {
        http.deployYaml(fruitRestYaml());
        awaitRunning();

        HttpResponse<String> quote = http.ingress("POST", "/market/quote", "{\"fruit\": \"MANGO\", \"amount\": 2}");
        assertEquals(200, quote.statusCode(), () -> ServeHttp.describe(quote));
        assertEquals(Map.of("fruit", "MANGO", "amount", 2, "total", 6), ServeHttp.JSON.readValue(quote.body(), Map.class));

        HttpResponse<String> pear = http.ingress("GET", "/market/stands/pear", null);
        assertEquals(200, pear.statusCode(), () -> ServeHttp.describe(pear));
        assertEquals("4", pear.body().trim());

        HttpResponse<String> kiwi = http.ingress("GET", "/market/stands/kiwi", null);
        assertEquals(404, kiwi.statusCode(), () -> ServeHttp.describe(kiwi));
        assertTrue(kiwi.body().contains("\"error\"") && kiwi.body().contains("no stand sells kiwi"), kiwi::body);

        HttpResponse<String> malformed = http.ingress("POST", "/market/quote", "{\"fruit\": \"MANGO\", \"amount\": ");
        assertEquals(400, malformed.statusCode(), () -> ServeHttp.describe(malformed));
        assertTrue(malformed.body().contains("not valid JSON"), malformed::body);
        assertFalse(malformed.body().contains("\n"), () -> "one line: " + malformed.body());

        HttpResponse<String> wrongMethod = http.ingress("GET", "/market/quote", null);
        assertEquals(405, wrongMethod.statusCode(), () -> ServeHttp.describe(wrongMethod));
        assertTrue(wrongMethod.headers().firstValue("Allow").orElse("").contains("POST"),
                () -> "Allow should name POST: " + wrongMethod.headers().map());

        HttpResponse<String> openApi = http.ingress("GET", "/market/openapi.json", null);
        assertEquals(200, openApi.statusCode(), () -> ServeHttp.describe(openApi));
        Map<?, ?> paths = (Map<?, ?>) ServeHttp.JSON.readValue(openApi.body(), Map.class).get("paths");
        assertNotNull(paths, openApi::body);
        assertTrue(paths.keySet().stream().anyMatch(p -> p.toString().endsWith("/quote")), () -> "paths: " + paths.keySet());
        assertTrue(paths.keySet().stream().anyMatch(p -> p.toString().endsWith("/stands/{name}")), () -> "paths: " + paths.keySet());

        HttpResponse<String> docs = http.ingress("GET", "/market/docs", null);
        assertEquals(200, docs.statusCode(), () -> ServeHttp.describe(docs));
        assertTrue(docs.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), () -> docs.headers().map().toString());
    }

    @Test
    void aUserConfigChangeOfMangoStandIsSeenByTheQuoteWithTheReplicasKept() throws Exception {
        http.deployYaml(fruitRestYaml());
        awaitRunning();
        assertEquals(6, total());
        Set<String> mangos = http.replicaIds("MangoStand");
        Set<String> markets = http.replicaIds("FruitMarket");

        http.deployYaml(fruitRestYaml().replace("price: 3", "price: 5"));

        await("the quote at the new price").atMost(DEPLOY_TIMEOUT).until(() -> total() == 10);
        awaitRunning();
        assertEquals(mangos, http.replicaIds("MangoStand"), "MangoStand's replicas");
        assertEquals(markets, http.replicaIds("FruitMarket"), "FruitMarket's replicas");
    }

    @Test
    void postConstructRunsOncePerReplicaBeforeItsFirstRequestAndPreDestroyOnceWhenItRetires() throws Exception {
        http.deployYaml("import_path: itest:annotated\n");
        awaitRunning();
        Set<String> ids = http.replicaIds("AnnotatedStand");
        assertEquals(2, ids.size());
        Set<String> answered = new HashSet<>();
        await("both replicas answered").atMost(DEPLOY_TIMEOUT).until(() -> {
            HttpResponse<String> r = http.ingress("GET", "/annotated", null);
            assertEquals(200, r.statusCode(), () -> ServeHttp.describe(r));
            answered.add(r.body());
            return answered.containsAll(ids);
        });

        node().shutdown();
        await("@PreDestroy of both").atMost(DEPLOY_TIMEOUT)
                .until(() -> AnnotatedStand.EVENTS.stream().filter(e -> e.startsWith("pre:")).count() == 2);

        List<String> events = List.copyOf(AnnotatedStand.EVENTS);
        for (String id : ids) {
            assertEquals(1, events.stream().filter(("post:" + id)::equals).count(), () -> "@PostConstruct of " + id + ": " + events);
            assertEquals(1, events.stream().filter(("pre:" + id)::equals).count(), () -> "@PreDestroy of " + id + ": " + events);
            int post = events.indexOf("post:" + id);
            int firstCall = events.indexOf("call:" + id);
            int pre = events.indexOf("pre:" + id);
            assertTrue(post < firstCall && firstCall < pre, () -> id + ": @PostConstruct, then requests, then @PreDestroy: " + events);
        }
    }

    private int total() throws IOException, InterruptedException {
        HttpResponse<String> quote = http.ingress("POST", "/market/quote", "{\"fruit\": \"MANGO\", \"amount\": 2}");
        assertEquals(200, quote.statusCode(), () -> ServeHttp.describe(quote));
        return ((Number) ServeHttp.JSON.readValue(quote.body(), Map.class).get("total")).intValue();
    }

    /** examples/fruit-rest/config.yaml, as its text. */
    private static String fruitRestYaml() throws IOException {
        try (InputStream in = RestIngressTest.class.getResourceAsStream("/fruit-rest/config.yaml")) {
            assertNotNull(in, "fruit-rest/config.yaml is not in the tester bundle");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
