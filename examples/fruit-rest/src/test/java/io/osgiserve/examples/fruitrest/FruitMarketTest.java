package io.osgiserve.examples.fruitrest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osgiserve.api.ApplicationGraph;
import io.osgiserve.api.DeploymentHandle;
import io.osgiserve.api.HttpRequest;
import io.osgiserve.config.AppConfig;
import io.osgiserve.config.ConfigDocument;
import io.osgiserve.rest.RestIngress;
import io.osgiserve.api.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST market answered through Jersey against market instances built as the runtime builds them,
 * whose handles reach real stand objects (the router between them comes with the runtime integration).
 */
class FruitMarketTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/market";

    private final MangoStand mango = new MangoStand();
    private RestIngress ingress;
    private FruitMarket market;

    /** A handle that calls the stand's method on another thread, as a call to another replica would. */
    private static DeploymentHandle handleTo(String name, Stand stand) {
        return new DeploymentHandle() {
            @Override
            public String deploymentName() {
                return name;
            }

            @Override
            public CompletableFuture<Object> call(String method, Object... args) {
                assertEquals("checkPrice", method);
                return CompletableFuture.supplyAsync(() -> stand.checkPrice((Integer) args[0]));
            }
        };
    }

    @BeforeEach
    void open() {
        mango.reconfigure(Map.of("price", 3));
        market = new FruitMarket(handleTo("MangoStand", mango), handleTo("OrangeStand", new OrangeStand()),
                handleTo("PearStand", new PearStand()));
        ingress = RestIngress.build(FruitMarket.class);
    }

    @AfterEach
    void close() {
        ingress.close();
    }

    private HttpResponse send(String method, String path, String body) throws Exception {
        HttpRequest request = new HttpRequest(method, path, "", Map.of("host", "localhost", "content-type",
                "application/json"), body.getBytes(StandardCharsets.UTF_8));
        return ingress.handle(market, PREFIX, request).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aQuoteIsPricedByTheStandThatSellsTheFruit() throws Exception {
        HttpResponse quote = send("POST", "/quote", "{\"fruit\": \"MANGO\", \"amount\": 2}");
        assertEquals(200, quote.status());
        assertEquals("{\"fruit\":\"MANGO\",\"amount\":2,\"total\":6}", quote.bodyAsString());
    }

    @Test
    void aStandsUnitPrice() throws Exception {
        HttpResponse pear = send("GET", "/stands/pear", "");
        assertEquals(200, pear.status());
        assertEquals("4", pear.bodyAsString());
    }

    @Test
    void aFruitNoStandSellsIs404WithAJsonError() throws Exception {
        HttpResponse byName = send("GET", "/stands/kiwi", "");
        assertEquals(404, byName.status());
        assertEquals("no stand sells kiwi", JSON.readTree(byName.body()).get("error").asText());
        HttpResponse quote = send("POST", "/quote", "{\"fruit\": \"KIWI\", \"amount\": 2}");
        assertEquals(404, quote.status());
        assertEquals("no stand sells KIWI", JSON.readTree(quote.body()).get("error").asText());
    }

    @Test
    void aMalformedOrderIs400WithAOneLineReasonAndAnOutOfRangeAmountToo() throws Exception {
        for (String body : List.of("{\"fruit\": \"MANGO\", \"amount\": }", "{\"fruit\": \"MANGO\", \"amount\": -1}",
                "{\"fruit\": \"MANGO\", \"amount\": 1000001}", "{}", "")) {
            HttpResponse bad = send("POST", "/quote", body);
            assertEquals(400, bad.status(), body);
            String error = JSON.readTree(bad.body()).get("error").asText();
            assertFalse(error.isBlank() || error.contains("\n"), error);
        }
    }

    @Test
    void aWrongMethodIs405() throws Exception {
        assertEquals(405, send("GET", "/quote", "").status());
        assertEquals(405, send("DELETE", "/stands/pear", "").status());
    }

    @Test
    void aNewMangoPriceReachesTheQuoteWithTheSameObjects() throws Exception {
        assertEquals(6, JSON.readTree(send("POST", "/quote", "{\"fruit\": \"MANGO\", \"amount\": 2}").body()).get("total").asInt());
        mango.reconfigure(Map.of("price", 5));
        assertEquals(10, JSON.readTree(send("POST", "/quote", "{\"fruit\": \"MANGO\", \"amount\": 2}").body()).get("total").asInt());
    }

    @Test
    void openApiListsBothPathsWithTheirSchemasAndTheDocsPageIsServed() throws Exception {
        JsonNode doc = JSON.readTree(send("GET", "/openapi.json", "").body());
        JsonNode paths = doc.get("paths");
        assertTrue(paths.has("/quote") && paths.has("/stands/{name}"), paths.toString());
        assertEquals("#/components/schemas/Order",
                paths.at("/~1quote/post/requestBody/content/application~1json/schema/$ref").asText(), paths.toString());
        assertEquals("#/components/schemas/Quote",
                paths.at("/~1quote/post/responses/default/content/application~1json/schema/$ref").asText(), paths.toString());
        assertEquals(List.of("fruit", "amount", "total"),
                iterate(doc.at("/components/schemas/Quote/properties").fieldNames()));
        HttpResponse docs = send("GET", "/docs", "");
        assertEquals(200, docs.status());
        assertTrue(docs.bodyAsString().contains("/market/openapi.json"));
    }

    @Test
    void theConfigFileIsValidAndNamesTheDeploymentsOfTheCode() throws Exception {
        AppConfig config = ConfigDocument.parseYaml(Files.readString(Path.of("config.yaml"))).config();
        assertEquals("fruit_rest:app", config.importPath());
        ApplicationGraph graph = ApplicationGraph.load(FruitRest.class, "app");
        assertEquals(List.of("MangoStand", "OrangeStand", "PearStand", "FruitMarket"), graph.names());
        assertEquals("/market", graph.defaultRoutePrefix(graph.ingress()));
        assertTrue(RestIngress.isResource(graph.ingress().deployment().type()));
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> all = new java.util.ArrayList<>();
        names.forEachRemaining(all::add);
        return all;
    }
}
