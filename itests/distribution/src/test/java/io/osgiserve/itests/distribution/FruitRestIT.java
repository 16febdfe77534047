package io.osgiserve.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * examples/fruit-rest on the built distribution, as its README shows it: `serve deploy` of its config,
 * then the REST market over real HTTP (quote, unit price, the errors, the API document and docs page).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FruitRestIT {
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(90);
    private static final Path CONFIG = Path.of("../../examples/fruit-rest/config.yaml");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Installation node;

    @BeforeAll
    void startAndDeploy() throws Exception {
        node = Installation.copyFor(getClass());
        Installation.Result started = node.start();
        assertEquals(0, started.exitCode(), started::describe);
        assertTrue(Files.isRegularFile(CONFIG), "examples/fruit-rest/config.yaml is where the README says");
        Installation.Result deployed = node.serve("deploy", CONFIG.toAbsolutePath().toString());
        assertEquals(0, deployed.exitCode(), deployed::describe);
        await().atMost(DEPLOY_TIMEOUT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> send("GET", "/market/stands/pear", null).statusCode() == 200);
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aQuoteIsTheAmountAtTheStandsPrice() throws Exception {
        HttpResponse<String> quote = send("POST", "/market/quote", "{\"fruit\": \"MANGO\", \"amount\": 2}");
        assertEquals(200, quote.statusCode(), quote::body);
        assertEquals(json.readTree("{\"fruit\": \"MANGO\", \"amount\": 2, \"total\": 6}"), json.readTree(quote.body()));
    }

    @Test
    void aStandAnswersItsUnitPrice() throws Exception {
        HttpResponse<String> pear = send("GET", "/market/stands/pear", null);
        assertEquals(200, pear.statusCode(), pear::body);
        assertEquals("4", pear.body().trim());
    }

    @Test
    void aFruitNoStandSellsIs404WithAJsonError() throws Exception {
        HttpResponse<String> kiwi = send("GET", "/market/stands/kiwi", null);
        assertEquals(404, kiwi.statusCode(), kiwi::body);
        assertTrue(json.readTree(kiwi.body()).path("error").asText().contains("kiwi"), kiwi::body);
    }

    @Test
    void aMalformedBodyIs400WithAOneLineReason() throws Exception {
        HttpResponse<String> bad = send("POST", "/market/quote", "{\"fruit\": \"MANGO\", \"amount\": ");
        assertEquals(400, bad.statusCode(), bad::body);
        String reason = json.readTree(bad.body()).path("error").asText();
        assertFalse(reason.isBlank() || reason.contains("\n"), () -> "one line: " + bad.body());
    }

    @Test
    void aWrongMethodIs405NamingTheAllowedOne() throws Exception {
        HttpResponse<String> wrong = send("GET", "/market/quote", null);
        assertEquals(405, wrong.statusCode(), wrong::body);
        assertTrue(wrong.headers().firstValue("Allow").orElse("").contains("POST"), () -> wrong.headers().map().toString());
    }

    @Test
    void openApiListsBothPathsWithTheirRequestAndResponseSchemas() throws Exception {
        HttpResponse<String> doc = send("GET", "/market/openapi.json", null);
        assertEquals(200, doc.statusCode(), doc::body);
        JsonNode paths = json.readTree(doc.body()).path("paths");
        JsonNode quote = paths.path("/quote").path("post");
        JsonNode price = paths.path("/stands/{name}").path("get");
        assertFalse(quote.isMissingNode() || price.isMissingNode(), () -> "paths: " + paths);
        assertFalse(quote.path("requestBody").path("content").path("application/json").path("schema").isMissingNode(),
                () -> "the quote's request schema: " + quote);
        assertFalse(quote.path("responses").path("default").path("content").path("application/json").path("schema").isMissingNode()
                && quote.path("responses").path("200").path("content").path("application/json").path("schema").isMissingNode(),
                () -> "the quote's response schema: " + quote);
        assertFalse(price.path("parameters").isEmpty(), () -> "the price's path parameter: " + price);
        JsonNode schemas = json.readTree(doc.body()).path("components").path("schemas");
        assertTrue(schemas.has("Order") && schemas.has("Quote"), () -> "schemas: " + schemas);
    }

    @Test
    void theDocsPageIsServedWithItsAssets() throws Exception {
        HttpResponse<String> docs = send("GET", "/market/docs", null);
        assertEquals(200, docs.statusCode(), docs::body);
        assertTrue(docs.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), () -> docs.headers().map().toString());
        assertTrue(docs.body().contains("/market/openapi.json"), docs::body);
        HttpResponse<String> script = send("GET", "/market/docs/swagger-ui-bundle.js", null);
        assertEquals(200, script.statusCode());
        assertTrue(script.body().length() > 100_000, "the swagger-ui script from the webjar");
    }

    @Test
    void theDetailsApiPointsAtTheDocsPage() throws Exception {
        HttpResponse<String> details = node.getFromAgent("/api/serve/applications/");
        assertEquals(200, details.statusCode(), details::body);
        JsonNode app = json.readTree(details.body()).path("applications").path("default");
        assertEquals("/market", app.path("route_prefix").asText(), details::body);
        assertEquals("/docs", app.path("docs_path").asText(), details::body);
        HttpResponse<String> docs = send("GET", app.path("route_prefix").asText() + app.path("docs_path").asText(), null);
        assertEquals(200, docs.statusCode(), docs::body);
        assertTrue(docs.body().contains("swagger-ui"), docs::body);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .timeout(Duration.ofSeconds(20));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build(),
                BodyHandlers.ofString());
    }
}
