package io.osgiserve.rest;

import io.osgiserve.api.HttpResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** openapi.json from the resource class's annotations, and the swagger-ui page served from the webjar. */
class DocsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RestIngress ingress;

    @BeforeAll
    static void build() {
        ingress = RestIngress.build(Shop.class);
    }

    @AfterAll
    static void close() {
        ingress.close();
    }

    private static HttpResponse get(String path) throws Exception {
        return ingress.handle(new Shop("a"), "/shop", Requests.get(path)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void openApiListsThePathsWithRequestAndResponseSchemas() throws Exception {
        HttpResponse answer = get("/openapi.json");
        assertEquals(200, answer.status());
        JsonNode doc = JSON.readTree(answer.body());
        assertEquals("/shop", doc.at("/servers/0/url").asText());
        JsonNode paths = doc.get("paths");
        assertTrue(paths.has("/hello/{who}"), paths.toString());
        assertTrue(paths.has("/items"), paths.toString());
        assertEquals("#/components/schemas/Item",
                paths.at("/~1items/post/requestBody/content/application~1json/schema/$ref").asText(), paths.toString());
        assertEquals("#/components/schemas/Item",
                paths.at("/~1slow~1{id}/get/responses/default/content/application~1json/schema/$ref").asText(),
                paths.toString());
        JsonNode item = doc.at("/components/schemas/Item/properties");
        assertEquals("string", item.at("/name/type").asText(), item.toString());
        assertEquals("integer", item.at("/count/type").asText(), item.toString());
        JsonNode params = paths.at("/~1hello~1{who}/get/parameters");
        assertEquals(3, params.size(), params.toString());
    }

    @Test
    void theDocsPageLoadsSwaggerUiFromBelowTheRoutePrefix() throws Exception {
        HttpResponse page = get("/docs");
        assertEquals(200, page.status());
        assertTrue(page.header("content-type").startsWith("text/html"));
        String html = page.bodyAsString();
        assertTrue(html.contains("src=\"/shop/docs/swagger-ui-bundle.js\""), html);
        assertTrue(html.contains("url: \"/shop/openapi.json\""), html);
        for (String asset : new String[] {"swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"}) {
            HttpResponse file = get("/docs/" + asset);
            assertEquals(200, file.status(), asset);
            assertTrue(file.body().length > 10_000, asset);
        }
        String script = new String(get("/docs/swagger-ui-bundle.js").body(), StandardCharsets.UTF_8);
        assertTrue(script.contains("SwaggerUIBundle"));
    }

    @Test
    void onlyTheDocsOwnFilesAreServed() throws Exception {
        for (String path : new String[] {"/docs/../../pom.properties", "/docs/index.html", "/docs/oauth2-redirect.html",
                "/docs/" + "x".repeat(5000)}) {
            HttpResponse none = get(path);
            assertEquals(404, none.status(), path);
            assertTrue(none.bodyAsString().length() < 200, path);
        }
    }
}
