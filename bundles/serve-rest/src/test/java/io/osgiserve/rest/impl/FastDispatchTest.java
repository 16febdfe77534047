package io.osgiserve.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.api.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path cannot drift from Jersey: each request of the table is answered on the fast path and through
 * Jersey's whole pipeline, and the two answers must have the same status, headers and body. The table also
 * says which requests the fast path must take (so the comparison is not of Jersey with itself) and which it
 * must leave to Jersey.
 */
class FastDispatchTest {
    private static final String PREFIX = "/desk";
    private static final String JSON = "application/json";
    private static JerseyApplication application;

    @BeforeAll
    static void build() {
        application = JerseyApplication.build(Desk.class);
    }

    @AfterAll
    static void close() {
        application.close();
    }

    /** method, path, query, content type (or null), accept (or null), body, whether the fast path takes it. */
    static Stream<Arguments> requests() {
        return Stream.of(
                fast("GET", "/", "", null, null, ""),
                fast("GET", "/", "", null, "*/*", ""),
                fast("GET", "/", "", null, "text/plain", ""),
                fast("POST", "/total", "", JSON, null, "{\"fruit\": \"MANGO\", \"amount\": 2}"),
                fast("POST", "/total/", "", JSON, null, "{\"fruit\": \"MANGO\", \"amount\": 2}"),
                fast("POST", "/quote", "", JSON, "application/json", "{\"fruit\": \"MANGO\", \"amount\": 2}"),
                fast("POST", "/quote", "", JSON, null, "{\"fruit\": \"MANGO\", \"amount\": -1}"),
                fast("POST", "/quote", "", JSON, null, "{\"fruit\": \"MANGO\", \"amount\": "),
                fast("POST", "/quote", "", JSON, null, "not json"),
                fast("POST", "/quote", "", JSON, null, "{\"fruit\": \"MANGO\", \"amount\": \"many\"}"),
                fast("POST", "/quote", "", JSON, null, "{\"fruit\": \"MANGO\", \"amount\": 1, \"colour\": \"green\"}"),
                fast("POST", "/quote", "", JSON, null, "{\"fruit\": \"MANGO\", \"amount\": null}"),
                fast("POST", "/quote", "", JSON, null, "{\"fruit\": \"MANGO\", \"amount\": 1} {}"),
                fast("POST", "/quote", "", JSON, null, "[1, 2]"),
                fast("POST", "/quote", "", JSON, null, "null"),
                fast("POST", "/later", "", JSON, null, "{\"fruit\": \"PEAR\", \"amount\": 4}"),
                fast("POST", "/later", "", JSON, null, "{\"fruit\": \"NONE\", \"amount\": 4}"),
                fast("POST", "/later", "", JSON, null, "{\"fruit\": \"BROKEN\", \"amount\": 4}"),
                fast("GET", "/stands/pear", "", null, null, ""),
                fast("GET", "/stands/a b%25", "amount=5&discount=2&limit=9", null, null, ""),
                fast("GET", "/stands/p%C3%A9ar", "amount=%2B5&limit=-3", null, null, ""),
                fast("GET", "/stands/pear", "x=1&amount=7&amount=8", JSON, null, ""),
                fast("GET", "/stands/pear/prices", "", null, null, ""),
                fast("PUT", "/stands/fig", "", JSON, null, "{\"fruit\": \"FIG\", \"amount\": 1}"),
                fast("DELETE", "/stands/fig", "", null, null, ""),
                fast("DELETE", "/stands/keep", "", null, null, ""),
                fast("GET", "/accepted", "", null, null, ""),
                fast("GET", "/nothing", "", null, null, ""),
                fast("GET", "/teapot", "", null, null, ""),
                fast("GET", "/boom", "", null, null, ""),
                fast("GET", "/split", "value=plain", null, null, ""),
                fast("GET", "/split", "value=a%0D%0ASet-Cookie:%20x=1", null, null, ""),
                fast("POST", "/echo", "", JSON, null, "{\"any\": [1, 2]}"),
                fast("GET", "/text/21", "", null, null, ""),
                // left to Jersey: what only its negotiation, conversion or routing decides
                jersey("GET", "/nothing/here", "", null, null, ""),
                jersey("GET", "/total", "", null, null, ""),
                jersey("HEAD", "/", "", null, null, ""),
                jersey("OPTIONS", "/quote", "", null, null, ""),
                jersey("GET", "/", "", null, "text/html", ""),
                jersey("GET", "/", "", null, "text/plain;q=0.9, application/json", ""),
                jersey("POST", "/quote", "", "text/plain", null, "{\"fruit\": \"MANGO\", \"amount\": 2}"),
                jersey("POST", "/quote", "", "application/json; charset=utf-8", null, "{\"fruit\": \"MANGO\", \"amount\": 2}"),
                jersey("POST", "/quote", "", null, null, "{\"fruit\": \"MANGO\", \"amount\": 2}"),
                jersey("POST", "/quote", "", JSON, null, ""),
                jersey("GET", "/stands/pear", "amount=lots", null, null, ""),
                jersey("GET", "/stands/pear", "amount=", null, null, ""),
                jersey("GET", "/stands/pear", "a=b c", null, null, ""),
                jersey("GET", "/text/x", "", null, null, ""),
                fast("GET", "/things/other", "", null, null, ""),
                // two templates match (things/{id} and things/special): Jersey's precedence decides
                jersey("GET", "/things/special", "", null, null, ""),
                jersey("GET", "/where", "", null, null, ""));
    }

    private static Arguments fast(String method, String path, String query, String type, String accept, String body) {
        return Arguments.of(method, path, query, type, accept, body, true);
    }

    private static Arguments jersey(String method, String path, String query, String type, String accept, String body) {
        return Arguments.of(method, path, query, type, accept, body, false);
    }

    @ParameterizedTest(name = "{0} {1}?{2} type={3} accept={4} {5}")
    @MethodSource("requests")
    void theFastPathAnswersAsJerseyDoes(String method, String path, String query, String type, String accept, String body,
            boolean takenFast) throws Exception {
        HttpRequest request = request(method, path, query, type, accept, body);
        CompletableFuture<HttpResponse> fast = application.handleFast(new Desk(), PREFIX, request);
        HttpResponse jersey = answer(application.handleInJersey(new Desk(), PREFIX, request));
        if (!takenFast) {
            assertNull(fast, "the fast path took a request it must leave to Jersey");
            assertEquals(jersey.bodyAsString(), answer(application.handle(new Desk(), PREFIX, request)).bodyAsString());
            return;
        }
        assertNotNull(fast, "the fast path left a request to Jersey that it covers");
        HttpResponse mine = answer(fast);
        assertEquals(jersey.status(), mine.status(), () -> "status; Jersey said " + jersey.bodyAsString());
        assertEquals(headers(jersey), headers(mine));
        assertEquals(jersey.bodyAsString(), mine.bodyAsString());
    }

    @Test
    void everyMethodThatNeedsNoJerseyPartIsOnTheFastPathAndTheOthersAreNot() {
        // all but the one with a @Context parameter (overlapping templates are settled per request)
        assertEquals(17, application.fastMethods());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/stage-fails", "/stage-writer-fails", "/writer-fails"})
    void anErrorWhileAnsweringIsA500AndTheRequestIsAnswered(String path) throws Exception {
        JerseyApplication failing = JerseyApplication.build(Failing.class);
        try {
            CompletableFuture<HttpResponse> fast = failing.handleFast(new Failing(), PREFIX, request("GET", path, "", null, null, ""));
            assertNotNull(fast, "the fast path left a request to Jersey that it covers");
            // answered, so the caller's concurrency slot is given back
            HttpResponse answer = answer(fast);
            assertEquals(500, answer.status());
            assertTrue(answer.bodyAsString().contains("NoClassDefFoundError"), answer.bodyAsString());
        } finally {
            failing.close();
        }
    }

    @Test
    void twoSpellingsOfOneTemplateAreLeftToJerseyAndNotCounted() throws Exception {
        JerseyApplication two = JerseyApplication.build(TwoSpellings.class);
        try {
            // only GET /plain: items/{x} and items/{y} are one template, left to Jersey
            assertEquals(1, two.fastMethods());
            HttpRequest get = request("GET", "/items/7", "", null, null, "");
            assertNull(two.handleFast(new TwoSpellings(), PREFIX, get));
            assertEquals("\"get 7\"", answer(two.handle(new TwoSpellings(), PREFIX, get)).bodyAsString());
            assertNotNull(two.handleFast(new TwoSpellings(), PREFIX, request("GET", "/plain", "", null, null, "")));
        } finally {
            two.close();
        }
    }

    @Test
    void aClassWithASubResourceLocatorIsLeftWholeToJersey() throws Exception {
        JerseyApplication withLocator = JerseyApplication.build(WithLocator.class);
        try {
            assertEquals(0, withLocator.fastMethods());
            assertNull(withLocator.handleFast(new WithLocator(), PREFIX, request("GET", "/plain", "", null, null, "")));
            assertEquals("\"plain\"", answerOf(withLocator.handle(new WithLocator(), PREFIX,
                    request("GET", "/plain", "", null, null, ""))).bodyAsString());
        } finally {
            withLocator.close();
        }
    }

    private static HttpResponse answerOf(CompletableFuture<HttpResponse> f) throws Exception {
        return answer(f);
    }

    private static HttpRequest request(String method, String path, String query, String type, String accept, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("host", "localhost:8123");
        if (type != null) {
            headers.put("content-type", type);
        }
        if (accept != null) {
            headers.put("accept", accept);
        }
        headers.put("x-lang", "en");
        String decoded = org.glassfish.jersey.uri.UriComponent.decode(path, org.glassfish.jersey.uri.UriComponent.Type.PATH);
        return new HttpRequest(method, decoded, query, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse answer(CompletableFuture<HttpResponse> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    /** Headers as a client compares them: names in any case, Content-Type among them. */
    private static Map<String, List<String>> headers(HttpResponse response) {
        Map<String, List<String>> all = new TreeMap<>();
        response.headers().forEach((name, values) -> all.put(name.toLowerCase(Locale.ROOT), values));
        if (response.contentType() != null) {
            all.put("content-type", List.of(response.contentType()));
        }
        return all;
    }
}
