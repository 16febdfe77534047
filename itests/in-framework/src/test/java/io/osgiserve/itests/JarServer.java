package io.osgiserve.itests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain HTTP file server for runtime_env URIs: serves the files of one directory under /code/ on a
 * free loopback port, answers 404 for anything else, and remembers what was asked for.
 */
final class JarServer implements AutoCloseable {
    private final HttpServer server;
    private final Path directory;
    private final List<String> requested = new CopyOnWriteArrayList<>();

    private JarServer(Path directory) throws IOException {
        this.directory = directory;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    static JarServer serving(Path directory) throws IOException {
        return new JarServer(directory);
    }

    /** The http: URI of {@code fileName} in the served directory. */
    String uri(String fileName) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/code/" + fileName;
    }

    /** The paths of every GET so far, in order. */
    List<String> requested() {
        return List.copyOf(requested);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requested.add(path);
            Path file = path.startsWith("/code/") ? directory.resolve(path.substring("/code/".length())).normalize() : null;
            if (!"GET".equals(exchange.getRequestMethod()) || file == null || !file.startsWith(directory)
                    || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/java-archive");
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream body = exchange.getResponseBody()) {
                Files.copy(file, body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
