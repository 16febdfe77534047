package io.osgiserve.http.ingress;

import static io.osgiserve.http.testing.FakeRoutes.route;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.http.testing.FakeRoutes;
import io.osgiserve.http.testing.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ingress under clients that try to exhaust it, over real sockets on loopback: bodies that together
 * exceed the node's buffer bound, thousands of connections that send a body slowly, bodies that never
 * finish, connections that say nothing. A normal request keeps being answered.
 */
class IngressUnderHostileTrafficTest {

    private static final int BOUND = 1024 * 1024;
    private static final int BIG = 400 * 1024;
    private static final int SLOW_CONNECTIONS = 2_000;

    private final Queue<CompletableFuture<Object>> held = new ConcurrentLinkedQueue<>();
    private final List<Socket> sockets = new ArrayList<>();
    private JettyIngress ingress;
    private Http http;

    @AfterEach
    void close() {
        held.forEach(request -> request.complete("released"));
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing our end of loopback: nothing to do
            }
        }
        if (ingress != null) {
            ingress.close();
        }
    }

    @Test
    void requestsThatTogetherBufferMoreThanTheBoundGet503WhileANormalRequestStillAnswers() throws Exception {
        open(IngressLimits.defaults().withMaxBuffered(BOUND));
        List<CompletableFuture<HttpResponse<String>>> holders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            holders.add(Http.client().sendAsync(http.request("/hold").POST(BodyPublishers.ofByteArray(new byte[BIG])).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> held.size() == 2);
        assertEquals(2L * BIG, ingress.bufferedBytes());

        // Declares a length that does not fit: refused before its body is sent (as Expect: 100-continue asks).
        String declared = exchange(rawRequest("/hold", "Content-Length: " + BIG + "\r\nExpect: 100-continue", ""),
                new byte[0]);
        assertTrue(declared.startsWith("HTTP/1.1 503 "), declared);
        assertTrue(declared.contains("Retry-After: 1"), declared);
        assertTrue(declared.contains("serve.http.max_buffered_bytes"), declared);

        // Declares nothing (chunked): refused once what arrived no longer fits.
        String chunked = exchange(rawRequest("/hold", "Transfer-Encoding: chunked", Integer.toHexString(BIG) + "\r\n"),
                new byte[BIG]);
        assertTrue(chunked.startsWith("HTTP/1.1 503 "), chunked);
        assertTrue(chunked.contains("Retry-After: 1"), chunked);

        HttpResponse<String> normal = http.send(http.request("/echo").POST(BodyPublishers.ofString("[\"MANGO\", 2]")));
        assertEquals(200, normal.statusCode());
        assertEquals("[\"MANGO\", 2]", normal.body());
        // the echo's own bytes are let go once its exchange ends on the server, a moment after the client has its answer
        await().atMost(Duration.ofSeconds(10)).until(() -> ingress.bufferedBytes() == 2L * BIG);

        held.forEach(request -> request.complete("done"));
        for (CompletableFuture<HttpResponse<String>> holder : holders) {
            assertEquals(200, holder.get().statusCode());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ingress.bufferedBytes() == 0);
        assertEquals(200, http.send(http.request("/echo").POST(BodyPublishers.ofByteArray(new byte[BIG]))).statusCode());
    }

    @Test
    void twoThousandConnectionsSendingABodySlowlyDoNotStopANormalRequest() throws Exception {
        long descriptors = maxFileDescriptors();
        assertTrue(descriptors > 2 * SLOW_CONNECTIONS + 1_000, "this test holds " + 2 * SLOW_CONNECTIONS
                + " sockets (both ends in this JVM) but ulimit -n is " + descriptors);
        open(IngressLimits.defaults());
        // Each declares the largest body allowed: 2,000 of them would be 32 GiB if declared bytes were held.
        byte[] headers = rawRequest("/echo", "Content-Length: " + IngressLimits.defaults().maxBody(), "");
        for (int i = 0; i < SLOW_CONNECTIONS; i++) {
            Socket socket = connect();
            OutputStream out = socket.getOutputStream();
            out.write(headers);
            out.write('[');
            out.flush();
        }

        HttpResponse<String> normal = http.send(http.request("/echo").POST(BodyPublishers.ofString("[\"PEAR\", 1]")));
        assertEquals(200, normal.statusCode());
        assertEquals("[\"PEAR\", 1]", normal.body());

        // One more byte on each: they are still being read, and still hold nothing but their bytes.
        for (Socket socket : sockets) {
            socket.getOutputStream().write('1');
            socket.getOutputStream().flush();
        }
        assertEquals("[\"PEAR\", 2]", http.send(http.request("/echo").POST(BodyPublishers.ofString("[\"PEAR\", 2]"))).body());
        await().atMost(Duration.ofSeconds(30)).until(() -> ingress.bufferedBytes() == 2L * SLOW_CONNECTIONS);
    }

    @Test
    void aBodyThatDoesNotArriveWithinTheBodyTimeoutIs408AndFreesItsBytes() throws Exception {
        open(IngressLimits.defaults().withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(500)));

        String answer = exchange(rawRequest("/echo", "Content-Length: 1000", ""), "[\"MANGO\"".getBytes(StandardCharsets.UTF_8));

        assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        assertTrue(answer.contains("serve.http.body_timeout"), answer);
        assertEquals(0, ingress.bufferedBytes());
        assertEquals("[1]", http.send(http.request("/echo").POST(BodyPublishers.ofString("[1]"))).body());
    }

    @Test
    void aConnectionThatSaysNothingIsClosedAfterTheIdleTimeout() throws Exception {
        open(IngressLimits.defaults().withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(60)));

        Socket silent = connect();

        assertEquals(-1, silent.getInputStream().read());
        assertEquals("[1]", http.send(http.request("/echo").POST(BodyPublishers.ofString("[1]"))).body());
    }

    private void open(IngressLimits limits) throws IOException {
        ingress = new JettyIngress(limits);
        ingress.open("127.0.0.1", 0, () -> new FakeRoutes(Map.of(
                "/hold", route("/hold", "Holder", this::hold),
                "/echo", route("/echo", "Echo", request -> CompletableFuture.completedFuture(request.bodyAsString())))));
        http = new Http(ingress.localPort().orElseThrow());
    }

    private CompletableFuture<Object> hold(HttpRequest request) {
        CompletableFuture<Object> later = new CompletableFuture<>();
        held.add(later);
        return later;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), ingress.localPort().orElseThrow());
        sockets.add(socket);
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static byte[] rawRequest(String path, String framing, String bodyStart) {
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + framing + "\r\n\r\n" + bodyStart)
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends the bytes on a new connection and reads the answer until the server closes it or 20 s pass. */
    private String exchange(byte[] head, byte[] body) throws IOException {
        Socket socket = connect();
        OutputStream out = socket.getOutputStream();
        out.write(head);
        out.write(body);
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[8192];
        for (int n; !answer.toString().contains("}") && (n = in.read(buffer)) > 0; ) {
            answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return answer.toString();
    }

    private static long maxFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return Long.MAX_VALUE;
    }
}
