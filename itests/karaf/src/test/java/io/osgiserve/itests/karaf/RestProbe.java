package io.osgiserve.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.osgiserve.api.DeploymentHandle;
import io.osgiserve.api.HttpRequest;
import io.osgiserve.rest.RestIngress;
import io.osgiserve.api.HttpResponse;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;

/**
 * The REST example's market served by serve-rest inside Karaf, on the Jersey, HK2 and swagger bundles
 * of the serve feature. Loaded only once the features are installed (it links against their packages).
 */
final class RestProbe {
    private static final String PACKAGE = "io.osgiserve.examples.fruitrest.";

    private RestProbe() {
    }

    static void fruitMarketAnswersThroughJersey(Bundle example) throws Exception {
        Class<?> marketClass = example.loadClass(PACKAGE + "FruitMarket");
        Object market = marketClass.getConstructor(DeploymentHandle.class, DeploymentHandle.class, DeploymentHandle.class)
                .newInstance(stand(example, "MangoStand"), stand(example, "OrangeStand"), stand(example, "PearStand"));
        try (RestIngress ingress = RestIngress.build(marketClass)) {
            HttpResponse quote = send(ingress, market, "POST", "/quote", "{\"fruit\": \"MANGO\", \"amount\": 2}");
            assertEquals(quote.bodyAsString(), 200, quote.status());
            assertEquals("{\"fruit\":\"MANGO\",\"amount\":2,\"total\":6}", quote.bodyAsString());
            assertEquals("4", send(ingress, market, "GET", "/stands/pear", "").bodyAsString());
            HttpResponse kiwi = send(ingress, market, "GET", "/stands/kiwi", "");
            assertEquals(404, kiwi.status());
            assertEquals("{\"error\":\"no stand sells kiwi\"}", kiwi.bodyAsString());
            HttpResponse malformed = send(ingress, market, "POST", "/quote", "{\"fruit\": ");
            assertEquals(400, malformed.status());
            assertTrue(malformed.bodyAsString(), malformed.bodyAsString().startsWith("{\"error\":\"the request body is not valid JSON"));
            assertEquals(405, send(ingress, market, "GET", "/quote", "").status());
            String openApi = send(ingress, market, "GET", "/openapi.json", "").bodyAsString();
            assertTrue(openApi, openApi.contains("\"/quote\"") && openApi.contains("\"/stands/{name}\"")
                    && openApi.contains("#/components/schemas/Order") && openApi.contains("#/components/schemas/Quote"));
            assertTrue(send(ingress, market, "GET", "/docs", "").bodyAsString().contains("/market/docs/swagger-ui-bundle.js"));
            HttpResponse script = send(ingress, market, "GET", "/docs/swagger-ui-bundle.js", "");
            assertEquals("read from the swagger-ui webjar bundle", 200, script.status());
            assertTrue(script.bodyAsString().contains("SwaggerUIBundle"));
        }
    }

    /** A handle to a real stand object of the example bundle, called on another thread. */
    private static DeploymentHandle stand(Bundle example, String name) throws Exception {
        Object stand = example.loadClass(PACKAGE + name).getConstructor().newInstance();
        Method checkPrice = stand.getClass().getMethod("checkPrice", int.class);
        checkPrice.setAccessible(true); // declared by the example's package-private Stand
        return new DeploymentHandle() {
            @Override
            public String deploymentName() {
                return name;
            }

            @Override
            public CompletableFuture<Object> call(String method, Object... args) {
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        return checkPrice.invoke(stand, args);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        };
    }

    private static HttpResponse send(RestIngress ingress, Object market, String method, String path, String body)
            throws Exception {
        HttpRequest request = new HttpRequest(method, path, "", Map.of("host", "127.0.0.1", "content-type",
                "application/json"), body.getBytes(StandardCharsets.UTF_8));
        return ingress.handle(market, "/market", request).get(60, TimeUnit.SECONDS);
    }
}
