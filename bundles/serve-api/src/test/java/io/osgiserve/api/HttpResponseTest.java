package io.osgiserve.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpResponseTest {

    @Test
    void headersAreReadInAnyCaseAndContentTypeIsTheContentType() {
        HttpResponse r = new HttpResponse(201, "application/json",
                Map.of("Location", List.of("http://localhost/market/quote/1")), "{}".getBytes());
        assertEquals("http://localhost/market/quote/1", r.header("location"));
        assertEquals("application/json", r.header("CONTENT-TYPE"));
        assertNull(r.header("etag"));
        assertTrue(HttpResponse.text(200, "x").headers().isEmpty());
    }

    @Test
    void aHeaderThatWouldSplitTheAnswerIsRefused() {
        for (Map<String, List<String>> bad : List.of(Map.of("X-A", List.of("1\r\nSet-Cookie: x=1")),
                Map.of("X-A\n", List.of("1")), Map.of(" ", List.of("1")), Map.of("content-type", List.of("text/html")))) {
            assertThrows(IllegalArgumentException.class, () -> new HttpResponse(200, "text/plain", bad, new byte[0]), bad.toString());
        }
    }
}
