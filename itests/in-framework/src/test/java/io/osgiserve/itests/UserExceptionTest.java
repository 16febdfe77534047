package io.osgiserve.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.osgiserve.itests.apps.SoldOutException;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An exception thrown by the user's code is answered as a 500 with a request id (its text stays in the
 * node's log unless the node runs with serve.http.debug_errors), and the node keeps serving.
 */
class UserExceptionTest extends NodeTestSupport {
    private ServeHttp http;

    @BeforeEach
    void client() {
        http = new ServeHttp(context);
    }

    @Test
    void userExceptionAnswers500WithARequestIdButNotItsTextAndTheNextRequestIsServed() throws Exception {
        http.deploy(Configs.small());
        awaitRunning();
        Set<String> before = http.replicaIds("MangoStand");

        HttpResponse<String> failed = http.post("/", "[\"MANGO\", 11]");

        assertEquals(500, failed.statusCode(), () -> "an order the stand cannot fill answered "
                + ServeHttp.describe(failed));
        assertEquals("application/json", failed.headers().firstValue("Content-Type").orElse("").split(";")[0].trim(),
                () -> "the 500's content type: " + ServeHttp.describe(failed));
        JsonNode body = ServeHttp.JSON.readTree(failed.body());
        String id = body.path("request_id").asText();
        assertEquals(id, failed.headers().firstValue("X-Request-Id").orElse(""),
                () -> "the 500 should carry its request id in the body and the header: " + ServeHttp.describe(failed));
        assertTrue(body.path("error").asText().endsWith("under request id " + id) && !id.isEmpty(),
                () -> "the 500 body should point to the log by request id: " + failed.body());
        assertTrue(!failed.body().contains(SoldOutException.class.getSimpleName()) && !failed.body().contains("only 10 left"),
                () -> "the 500 body should not show the user's exception without serve.http.debug_errors: " + failed.body());

        HttpResponse<String> next = http.post("/", "[\"MANGO\", 2]");
        assertEquals(200, next.statusCode(), () -> "the request after the exception answered " + ServeHttp.describe(next));
        assertEquals("6", next.body().trim());
        assertEquals(before, http.replicaIds("MangoStand"), "MangoStand's replica ids after the user's exception");
    }
}
