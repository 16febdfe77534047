package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's walkthrough as a user does it: the YAML PUT to the agent, the fruit POSTed to the ingress. */
class FruitStandHttpTest extends NodeTestSupport {
    private static final String TWO_MANGOS = "[\"MANGO\", 2]";

    private ServeHttp http;

    @BeforeEach
    void client() {
        http = new ServeHttp(context);
    }

    @Test
    void userConfigPutChangesTheMangoPriceFrom6To10KeepingMangoStandsReplicaIds() throws Exception {
        String yaml = Configs.fruitYaml();
        http.deployYaml(yaml);
        awaitRunning();
        assertEquals("6", answer(TWO_MANGOS));
        Set<String> before = http.replicaIds("MangoStand");
        assertEquals(2, before.size(), () -> "MangoStand replicas over HTTP: " + before);

        String priceFive = yaml.replace("price: 3", "price: 5");
        assertNotEquals(yaml, priceFive, "fruit_config.yaml no longer sets MangoStand's price to 3");
        http.deployYaml(priceFive);

        await("POST / " + TWO_MANGOS + " to answer 10").atMost(DEPLOY_TIMEOUT)
                .until(() -> answer(TWO_MANGOS), "10"::equals);
        awaitRunning();
        for (int i = 0; i < 4; i++) {
            assertEquals("10", answer(TWO_MANGOS), "answer " + i + " once the app is RUNNING at price 5");
        }
        assertEquals(before, http.replicaIds("MangoStand"), "MangoStand's replica ids after a user_config change");
    }

    /** The body of a 200 answer to POST / {@code json}, trimmed. */
    private String answer(String json) throws Exception {
        HttpResponse<String> response = http.post("/", json);
        assertEquals(200, response.statusCode(), () -> "POST / " + json + " answered " + ServeHttp.describe(response));
        return response.body().trim();
    }
}
