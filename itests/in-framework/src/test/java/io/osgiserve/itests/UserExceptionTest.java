package io.osgiserve.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.osgiserve.itests.apps.SoldOutException;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An exception thrown by the user's code is answered as a 500 naming it, and the node keeps serving. */
class UserExceptionTest extends NodeTestSupport {
    private ServeHttp http;

    @BeforeEach
    void client() {
        http = new ServeHttp(context);
    }

    @Test
    void userExceptionAnswers500WithJsonNamingItAndTheNextRequestIsServed() throws Exception {
        http.deploy(Configs.small());
        awaitRunning();
        Set<String> before = http.replicaIds("MangoStand");

        HttpResponse<String> failed = http.post("/", "[\"MANGO\", 11]");

        assertEquals(500, failed.statusCode(), () -> "an order the stand cannot fill answered "
                + ServeHttp.describe(failed));
        assertEquals("application/json", failed.headers().firstValue("Content-Type").orElse("").split(";")[0].trim(),
                () -> "the 500's content type: " + ServeHttp.describe(failed));
        JsonNode body = ServeHttp.JSON.readTree(failed.body());
        String error = body.path("error").asText();
        assertTrue(error.contains(SoldOutException.class.getName()) && error.contains("only 10 left, asked for 11"),
                () -> "the 500 body should name the user's exception and its message: " + failed.body());

        HttpResponse<String> next = http.post("/", "[\"MANGO\", 2]");
        assertEquals(200, next.statusCode(), () -> "the request after the exception answered " + ServeHttp.describe(next));
        assertEquals("6", next.body().trim());
        assertEquals(before, http.replicaIds("MangoStand"), "MangoStand's replica ids after the user's exception");
    }
}
