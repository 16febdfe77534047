package io.osgiserve.http.ingress;

import static io.osgiserve.http.testing.FakeRoutes.route;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osgiserve.api.HttpRequest;
import io.osgiserve.api.HttpResponse;
import io.osgiserve.http.testing.FakeRoutes;
import io.osgiserve.http.testing.Http;
import io.osgiserve.node.OverloadedException;
import io.osgiserve.node.ReplicaFailedException;
import io.osgiserve.node.Route;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ingress over real HTTP: routing, what a deployment's answer becomes, failures, open and close. */
class IngressTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JettyIngress ingress = new JettyIngress(IngressLimits.defaults());
    private final AtomicReference<HttpRequest> seen = new AtomicReference<>();
    private final Map<String, Route> routes = new HashMap<>();
    private Http http;

    @BeforeEach
    void open() throws IOException {
        routes.put("/", route("/", "Root", echo("Root")));
        routes.put("/api", route("/api", "Api", echo("Api")));
        routes.put("/api/v2", route("/api/v2", "ApiV2", echo("ApiV2")));
        ingress.open("127.0.0.1", 0, () -> new FakeRoutes(routes));
        http = new Http(ingress.localPort().orElseThrow());
    }

    @AfterEach
    void close() {
        ingress.close();
    }

    @Test
    void theLongestMatchingPrefixTakesTheRequestWithThePathBelowIt() throws Exception {
        assertEquals("ApiV2 /items", http.get("/api/v2/items").body());
        assertEquals("Api /v3/items", http.get("/api/v3/items").body());
        assertEquals("Api /", http.get("/api").body());
        assertEquals("Root /apiary", http.get("/apiary").body());
    }

    @Test
    void headersADeploymentSetsReachTheClientButNotItsFramingHeaders() throws Exception {
        routes.put("/orders", route("/orders", "Orders", request -> CompletableFuture.completedFuture(
                new io.osgiserve.api.HttpResponse(201, "application/json",
                        Map.of("Location", java.util.List.of("/orders/7"), "Content-Length", java.util.List.of("999")),
                        "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))));

        java.net.http.HttpResponse<String> created = http.send(http.request("/orders").POST(BodyPublishers.ofString("{}")));

        assertEquals(201, created.statusCode());
        assertEquals("/orders/7", created.headers().firstValue("Location").orElse(null), () -> created.headers().map().toString());
        assertEquals("2", created.headers().firstValue("Content-Length").orElse(null), "the ingress frames the body itself");
        assertEquals("{}", created.body());
    }

    @Test
    void theDeploymentGetsMethodQueryLowerCaseHeadersAndBody() throws Exception {
        http.send(http.request("/api/orders?id=7&x=a%20b").header("X-Fruit-Kind", "Mango")
                .POST(BodyPublishers.ofString("[\"MANGO\", 2]")));

        HttpRequest request = seen.get();
        assertEquals("POST", request.method());
        assertEquals("/orders", request.path());
        assertEquals("id=7&x=a%20b", request.query());
        assertEquals("Mango", request.headers().get("x-fruit-kind"));
        assertEquals("[\"MANGO\", 2]", request.bodyAsString());
    }

    @Test
    void headerValuesKeepTheirCaseFromRequestToRequest() throws Exception {
        http.send(http.request("/api").header("Authorization", "Bearer mango"));
        assertEquals("Bearer mango", seen.get().headers().get("authorization"));

        http.send(http.request("/api").header("Authorization", "Bearer MANGO"));
        assertEquals("Bearer MANGO", seen.get().headers().get("authorization"));
    }

    @Test
    void aChunkedBodyReachesTheDeploymentWhole() throws Exception {
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }

        http.send(http.request("/api").POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertArrayEquals(body, seen.get().body());
    }

    @Test
    void aBodyOverSixteenMebibytesIs413AndNeverReachesTheDeployment() throws Exception {
        // the declared length is refused before a byte of the body is read: the client sends only the
        // headers and reads the verdict (no race with the server's close while a client still writes)
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", ingress.localPort().orElseThrow())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                    + (16 * 1024 * 1024 + 1) + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 413 Payload Too Large", statusLine);
        }
        assertEquals(null, seen.get());
    }

    @Test
    void anUnknownPathIs404WithAJsonError() throws Exception {
        routes.remove("/");

        java.net.http.HttpResponse<String> response = http.get("/nowhere");

        assertEquals(404, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no route for /nowhere", JSON.readTree(response.body()).get("error").asText());
    }

    @Test
    void resultsAreWrittenByTheirType() throws Exception {
        answer(6);
        java.net.http.HttpResponse<String> number = http.get("/calc");
        assertEquals("6", number.body());
        assertEquals("application/json", number.headers().firstValue("Content-Type").orElseThrow());

        answer(Map.of("price", 3));
        assertEquals("{\"price\":3}", http.get("/calc").body());

        answer("six");
        java.net.http.HttpResponse<String> text = http.get("/calc");
        assertEquals("six", text.body());
        assertTrue(text.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));

        answer(new byte[] {1, 2, 3});
        java.net.http.HttpResponse<byte[]> bytes = Http.client().send(http.request("/calc").build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(new byte[] {1, 2, 3}, bytes.body());
        assertEquals("application/octet-stream", bytes.headers().firstValue("Content-Type").orElseThrow());

        answer(new HttpResponse(201, "text/csv", "a,b".getBytes()));
        java.net.http.HttpResponse<String> full = http.get("/calc");
        assertEquals(201, full.statusCode());
        assertEquals("text/csv", full.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("a,b", full.body());
    }

    @Test
    void aResultThatIsNoJsonIs500NamingTheDeploymentAndARequestId() throws Exception {
        answer(new Object());

        java.net.http.HttpResponse<String> response = http.get("/calc");

        assertEquals(500, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("Calculator", body.get("deployment").asText());
        assertEquals(response.headers().firstValue("X-Request-Id").orElseThrow(), body.get("request_id").asText());
        assertFalse(response.body().contains("java.lang.Object"), response.body());
    }

    @Test
    void aUserExceptionIs500WithARequestIdItsTextGoesToTheLogNotTheResponseAndTheNodeKeepsServing() throws Exception {
        routes.put("/calc", route("/calc", "Calculator", request -> CompletableFuture.failedFuture(
                new ReplicaFailedException("Calculator", new ArithmeticException("secret-balance 1234 / by zero")))));

        java.net.http.HttpResponse<String> failed;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            failed = http.get("/calc");
        } finally {
            System.setErr(stderr);
        }

        assertEquals(500, failed.statusCode());
        JsonNode body = JSON.readTree(failed.body());
        String id = body.get("request_id").asText();
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("request " + id + " to deployment Calculator failed"), logged);
        assertTrue(logged.contains("java.lang.ArithmeticException: secret-balance 1234 / by zero"), logged);
        assertTrue(id.matches("[0-9a-f]{16}"), id);
        assertEquals(id, failed.headers().firstValue("X-Request-Id").orElseThrow());
        assertEquals("deployment Calculator failed; the node's log has the exception under request id " + id,
                body.get("error").asText());
        assertEquals("Calculator", body.get("deployment").asText());
        assertFalse(failed.body().contains("secret-balance"), failed.body());
        assertFalse(failed.body().contains("ArithmeticException"), failed.body());
        assertEquals("Api /", http.get("/api").body());
        assertNotEquals(id, JSON.readTree(http.get("/calc").body()).get("request_id").asText());
    }

    @Test
    void withDebugErrorsA500ShowsTheUserExceptionsClassAndMessage() throws Exception {
        JettyIngress debugging = new JettyIngress(IngressLimits.defaults().withDebugErrors(true));
        debugging.open("127.0.0.1", 0, () -> new FakeRoutes(Map.of("/", route("/", "Calculator",
                request -> CompletableFuture.failedFuture(
                        new ReplicaFailedException("Calculator", new ArithmeticException("/ by zero")))))));
        try {
            java.net.http.HttpResponse<String> failed = new Http(debugging.localPort().orElseThrow()).get("/");

            assertEquals(500, failed.statusCode());
            JsonNode body = JSON.readTree(failed.body());
            assertEquals("java.lang.ArithmeticException: / by zero", body.get("error").asText());
            assertEquals("Calculator", body.get("deployment").asText());
            assertEquals(failed.headers().firstValue("X-Request-Id").orElseThrow(), body.get("request_id").asText());
        } finally {
            debugging.close();
        }
    }

    @Test
    void aRouteThatThrowsIs500OneLineWithoutItsText() throws Exception {
        routes.put("/calc", route("/calc", "Calculator", request -> {
            throw new IllegalStateException("router broke\nsecond line");
        }));

        java.net.http.HttpResponse<String> failed = http.get("/calc");

        assertEquals(500, failed.statusCode());
        assertEquals(1, failed.body().lines().count(), failed.body());
        assertFalse(failed.body().contains("router broke"), failed.body());
        assertTrue(JSON.readTree(failed.body()).has("request_id"), failed.body());
    }

    @Test
    void anErrorEscapingTheIngressIsAnsweredByJettyAsOneLineOfJson() throws Exception {
        JettyIngress broken = new JettyIngress(IngressLimits.defaults());
        broken.open("127.0.0.1", 0, () -> {
            throw new AssertionError("route source broke");
        });
        try {
            java.net.http.HttpResponse<String> response = new Http(broken.localPort().orElseThrow()).get("/x");

            assertEquals(500, response.statusCode());
            assertEquals("500 Server Error", JSON.readTree(response.body()).get("error").asText());
        } finally {
            broken.close();
        }
    }

    @Test
    void overloadedIs503WithRetryAfter() throws Exception {
        routes.put("/calc", route("/calc", "Calculator", request -> CompletableFuture.failedFuture(
                new OverloadedException("Calculator has no capacity: 1 in flight, queue of 0 full"))));

        java.net.http.HttpResponse<String> response = http.get("/calc");

        assertEquals(503, response.statusCode());
        assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("Calculator", JSON.readTree(response.body()).get("deployment").asText());
    }

    @Test
    void aCallToAHungNodeIs504NamingTheNodeInOneLine() throws Exception {
        routes.put("/calc", route("/calc", "Calculator", request -> CompletableFuture.failedFuture(
                new io.osgiserve.node.TimedOutException("node n-2 did not answer the call to replica r-1 within 30.0 s"))));

        java.net.http.HttpResponse<String> response = http.get("/calc");

        assertEquals(504, response.statusCode());
        String error = JSON.readTree(response.body()).get("error").asText();
        assertTrue(error.contains("node n-2 did not answer"), error);
        assertEquals(1, error.lines().count());
    }

    @Test
    void argumentsThatDoNotFitTheMethodAre400NamingTheMismatch() throws Exception {
        routes.put("/calc", route("/calc", "Calculator", request -> CompletableFuture.failedFuture(
                new io.osgiserve.node.BadArgumentsException("Calculator has no public method add taking 1 argument(s)"))));

        java.net.http.HttpResponse<String> response = http.get("/calc");

        assertEquals(400, response.statusCode());
        assertTrue(JSON.readTree(response.body()).get("error").asText().contains("no public method add taking 1"));
    }

    @Test
    void reopeningOnTheSameAddressIsANoOpAndAnotherAddressIsRefused() throws Exception {
        int port = ingress.localPort().orElseThrow();
        // Port 0 means "any"; the ingress compares the address it was asked for, so reopen with the same.
        ingress.open("127.0.0.1", 0, () -> new FakeRoutes(routes));
        assertEquals(port, ingress.localPort().orElseThrow());

        IOException refused = assertThrows(IOException.class, () -> ingress.open("127.0.0.1", 1, () -> null));

        assertTrue(refused.getMessage().contains("shut the application down first"), refused.getMessage());
        assertEquals("Api /", http.get("/api").body());
    }

    @Test
    void afterCloseThePortRefusesConnectionsAndItCanOpenAgain() throws Exception {
        int port = ingress.localPort().orElseThrow();

        ingress.close();

        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        ingress.open("127.0.0.1", port, () -> new FakeRoutes(routes));
        assertEquals("Api /", http.get("/api").body());
    }

    @Test
    void aTakenPortIsRefusedNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            JettyIngress other = new JettyIngress(IngressLimits.defaults());

            IOException e = assertThrows(IOException.class,
                    () -> other.open("127.0.0.1", taken.getLocalPort(), () -> new FakeRoutes(routes)));

            assertTrue(e.getMessage().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"),
                    e.getMessage());
            assertTrue(other.localPort().isEmpty());
        }
    }

    private void answer(Object result) {
        routes.put("/calc", route("/calc", "Calculator", request -> CompletableFuture.completedFuture(result)));
    }

    private java.util.function.Function<HttpRequest, CompletableFuture<Object>> echo(String name) {
        return request -> {
            seen.set(request);
            return CompletableFuture.completedFuture(name + " " + request.path());
        };
    }
}
