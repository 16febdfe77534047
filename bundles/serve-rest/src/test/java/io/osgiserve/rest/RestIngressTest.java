package io.osgiserve.rest;

import io.osgiserve.api.HttpResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import io.osgiserve.rest.impl.InstalledWebjar;
import org.junit.jupiter.api.Test;

/**
 * A resource class served in process against instances the test constructed, with the fast path for the
 * methods it covers; {@link RestIngressOnJerseyTest} runs every test again with all requests through Jersey's pipeline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestIngressTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/shop";
    private RestIngress ingress;

    /** Whether the ingress under test answers the methods the fast path covers on it. */
    boolean fastPath() {
        return true;
    }

    @BeforeAll
    void build() {
        ingress = RestIngress.build(Shop.class, InstalledWebjar.assets(), fastPath());
    }

    @AfterAll
    void close() {
        ingress.close();
    }

    static HttpResponse answer(CompletableFuture<HttpResponse> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    static JsonNode json(HttpResponse response) throws Exception {
        assertTrue(response.header("content-type").startsWith("application/json"), response.header("content-type"));
        return JSON.readTree(response.body());
    }

    @Test
    void eachRequestReachesTheReplicaInstanceItWasHandedWithParametersFromPathQueryAndHeaders() throws Exception {
        Shop a = new Shop("a");
        Shop b = new Shop("b");
        HttpResponse fromA = answer(ingress.handle(a, PREFIX,
                Requests.of("GET", "/hello/ann", "punct=%3F", Map.of("x-lang", "en"))));
        HttpResponse fromB = answer(ingress.handle(b, PREFIX, Requests.get("/hello/bob")));
        assertEquals(200, fromA.status());
        assertEquals("hello ann?", json(fromA).get("text").asText());
        assertEquals("en", json(fromA).get("lang").asText());
        assertEquals("a", json(fromA).get("replica").asText());
        assertEquals("hello bob!", json(fromB).get("text").asText());
        assertEquals("b", json(fromB).get("replica").asText());
    }

    @Test
    void aJsonBodyBecomesARecordAndALocationHeaderReachesTheAnswer() throws Exception {
        HttpResponse created = answer(ingress.handle(new Shop("a"), PREFIX,
                Requests.json("POST", "/items", "{\"name\":\"pear\",\"count\":3}")));
        assertEquals(201, created.status());
        assertEquals("http://localhost:8123/shop/items/pear", created.header("location"));
        assertEquals(3, json(created).get("count").asInt());
    }

    @Test
    void behindHttpsTheLinksTheResourceBuildsAndTheDocsSayHttps() throws Exception {
        io.osgiserve.api.HttpRequest post = new io.osgiserve.api.HttpRequest("POST", "/items", "",
                Map.of("host", "shop.example:8443", "content-type", "application/json"),
                "{\"name\":\"fig\",\"count\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "https");
        HttpResponse created = answer(ingress.handle(new Shop("a"), PREFIX, post));
        assertEquals(201, created.status());
        assertEquals("https://shop.example:8443/shop/items/fig", created.header("location"));
        for (String path : List.of(RestIngress.OPENAPI_PATH, RestIngress.DOCS_PATH)) {
            io.osgiserve.api.HttpRequest get = new io.osgiserve.api.HttpRequest("GET", path, "",
                    Map.of("host", "shop.example:8443"), new byte[0], "https");
            HttpResponse doc = answer(ingress.handle(new Shop("a"), PREFIX, get));
            assertEquals(200, doc.status(), path);
            assertFalse(doc.bodyAsString().contains("http://"), () -> path + " links to plain http: " + doc.bodyAsString());
        }
    }

    @Test
    void openApplicationsCountsBuiltAndNotYetClosedOnesAndASecondCloseChangesNothing() {
        int before = RestIngress.openApplications();
        RestIngress one = RestIngress.build(Shop.class);
        assertEquals(before + 1, RestIngress.openApplications());
        one.close();
        one.close();
        assertEquals(before, RestIngress.openApplications());
    }

    @Test
    void aMalformedJsonBodyIs400WithAOneLineReason() throws Exception {
        for (String body : List.of("{\"name\": \"pear\", \"count\": ", "not json", "{\"name\":\"pear\",\"count\":\"many\"}",
                "{\"name\":\"pear\",\"count\":1,\"colour\":\"green\"}")) {
            HttpResponse bad = answer(ingress.handle(new Shop("a"), PREFIX, Requests.json("POST", "/items", body)));
            assertEquals(400, bad.status(), body);
            String error = json(bad).get("error").asText();
            assertTrue(error.startsWith("the request body is not valid JSON here: "), error);
            assertFalse(error.contains("\n"), error);
        }
    }

    @Test
    void aWrongMethodIs405NamingTheAllowedOnes() throws Exception {
        HttpResponse wrong = answer(ingress.handle(new Shop("a"), PREFIX, Requests.json("DELETE", "/items", "")));
        assertEquals(405, wrong.status());
        assertTrue(wrong.header("allow").contains("POST"), wrong.header("allow"));
        assertNotNull(json(wrong).get("error"));
    }

    @Test
    void anUnknownPathIs404WithAJsonError() throws Exception {
        HttpResponse none = answer(ingress.handle(new Shop("a"), PREFIX, Requests.get("/nothing/here")));
        assertEquals(404, none.status());
        assertNotNull(json(none).get("error"));
    }

    @Test
    void webApplicationExceptionsKeepTheirStatusAndMessage() throws Exception {
        HttpResponse missing = answer(ingress.handle(new Shop("a"), PREFIX, Requests.get("/missing")));
        assertEquals(404, missing.status());
        assertEquals("no such thing here", json(missing).get("error").asText());
        HttpResponse teapot = answer(ingress.handle(new Shop("a"), PREFIX, Requests.get("/teapot")));
        assertEquals(418, teapot.status());
        assertEquals("short and stout", json(teapot).get("error").asText());
        HttpResponse later = answer(ingress.handle(new Shop("a"), PREFIX, Requests.get("/later-missing")));
        assertEquals(404, later.status());
        assertEquals("gone by the time it was looked up", json(later).get("error").asText());
    }

    @Test
    void aResourceFailureIs500WithTheExceptionsFirstLine() throws Exception {
        HttpResponse boom = answer(ingress.handle(new Shop("a"), PREFIX, Requests.get("/boom")));
        assertEquals(500, boom.status());
        assertEquals("IllegalStateException: broken", json(boom).get("error").asText());
    }

    @Test
    void anAsynchronousResultHoldsNoThreadWhileItWaits() throws Exception {
        Shop shop = new Shop("a");
        List<CompletableFuture<HttpResponse>> answers = new ArrayList<>();
        // one thread starts them all: each handle call returns while its result is still pending
        for (int i = 0; i < 50; i++) {
            answers.add(ingress.handle(shop, PREFIX, Requests.get("/slow/" + i)));
        }
        for (CompletableFuture<HttpResponse> a : answers) {
            assertFalse(a.isDone());
        }
        assertEquals(50, shop.pending.size());
        shop.pending.forEach((id, result) -> result.complete(new Shop.Item("item" + id, Integer.parseInt(id))));
        for (int i = 0; i < 50; i++) {
            HttpResponse done = answer(answers.get(i));
            assertEquals(200, done.status());
            assertEquals(i, json(done).get("count").asInt());
        }
    }

    @Test
    void hostilePathsQueriesAndHostHeadersGetAnAnswerNotACrash() throws Exception {
        Shop shop = new Shop("a");
        HttpResponse spaced = answer(ingress.handle(shop, PREFIX, Requests.get("/hello/a b%")));
        assertEquals("hello a b%!", json(spaced).get("text").asText());
        HttpResponse badQuery = answer(ingress.handle(shop, PREFIX, Requests.of("GET", "/hello/x", "a=b c", Map.of())));
        assertEquals(400, badQuery.status());
        assertFalse(json(badQuery).get("error").asText().contains("\n"));
        for (String host : List.of("evil host", "user@example.org", "x".repeat(1000), "[::1", "")) {
            HttpResponse created = answer(ingress.handle(shop, PREFIX, new io.osgiserve.api.HttpRequest("POST", "/items",
                    "", Map.of("host", host, "content-type", "application/json"),
                    "{\"name\":\"fig\",\"count\":1}".getBytes())));
            assertEquals(201, created.status(), host);
            assertEquals("http://localhost/shop/items/fig", created.header("location"), host);
        }
    }

    @Test
    void aHeaderValueWithALineBreakIsNeverSent() throws Exception {
        HttpResponse echoed = answer(ingress.handle(new Shop("a"), PREFIX, Requests.of("GET", "/split", "value=plain", Map.of())));
        assertEquals(200, echoed.status());
        assertEquals("plain", echoed.header("x-echo"));
        HttpResponse split = answer(ingress.handle(new Shop("a"), PREFIX,
                Requests.of("GET", "/split", "value=a%0D%0ASet-Cookie:%20x=1", Map.of())));
        assertEquals(500, split.status());
        assertEquals(null, split.header("set-cookie"));
        assertTrue(json(split).get("error").asText().contains("line break"), split.bodyAsString());
    }

    @Test
    void aReplicaOfAnotherClassIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ingress.handle("not a shop", PREFIX, Requests.get("/missing")));
    }

    @Test
    void aClassWithoutPathIsNoResource() {
        assertFalse(RestIngress.isResource(String.class));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RestIngress.build(String.class));
        assertTrue(e.getMessage().contains("not annotated @Path"), e.getMessage());
    }

    @Test
    void aResourceJerseyRejectsIsAnErrorNamingTheClassInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RestIngress.build(Ambiguous.class));
        assertTrue(e.getMessage().startsWith(Ambiguous.class.getName() + " is not a valid REST resource: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aRetiredVersionAnswersNoMore() throws Exception {
        RestIngress retired = RestIngress.build(Shop.class);
        assertEquals(200, answer(retired.handle(new Shop("a"), PREFIX, Requests.get("/hello/x"))).status());
        retired.close();
        CompletableFuture<HttpResponse> after = retired.handle(new Shop("a"), PREFIX, Requests.get("/hello/x"));
        assertTrue(after.isCompletedExceptionally());
    }
}
