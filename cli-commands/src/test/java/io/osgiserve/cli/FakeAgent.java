package io.osgiserve.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An agent REST API on a free loopback port that answers what a test tells it and records every request. */
final class FakeAgent implements AutoCloseable {
    record Request(String method, String path, Map<String, List<String>> headers, byte[] body, String query) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    record Reply(int status, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Per "METHOD path": replies used in turn, the last one repeated. */
    private final Map<String, Deque<Reply>> replies = new ConcurrentHashMap<>();

    FakeAgent() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        answer("GET", "/api/ray/version", 200, "{\"version\": \"0.1.0\", \"ray_version\": \"2.0.0\", \"ray_commit\": \"osgi-serve\"}");
        answer("PUT", "/api/serve/deployments/", 200, "");
        answer("DELETE", "/api/serve/deployments/", 200, "");
        answer("PUT", "/api/serve/applications/", 200, "");
        answer("DELETE", "/api/serve/applications/", 200, "");
    }

    String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Replaces the answers to {@code method path}: each one once, in order, the last one from then on. */
    void answer(String method, String path, int status, String... bodies) {
        Deque<Reply> queue = new ArrayDeque<>();
        for (String body : bodies) {
            queue.add(new Reply(status, body));
        }
        replies.put(method + " " + path, queue);
    }

    void answerInTurn(String method, String path, Reply... inTurn) {
        replies.put(method + " " + path, new ArrayDeque<>(List.of(inTurn)));
    }

    List<Request> requests() {
        return requests;
    }

    List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body,
                exchange.getRequestURI().getRawQuery()));
        Deque<Reply> queue = replies.get(exchange.getRequestMethod() + " " + path);
        Reply reply;
        if (queue == null || queue.isEmpty()) {
            reply = new Reply(404, "not found");
        } else {
            synchronized (queue) {
                reply = queue.size() > 1 ? queue.poll() : queue.peek();
            }
        }
        byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
