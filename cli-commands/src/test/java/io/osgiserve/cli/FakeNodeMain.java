package io.osgiserve.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Stands in for a node in the start/stop/run tests: the fake distribution's bin/serve-node runs it with the
 * -Dserve.* options the CLI passed. It answers the version probe, takes a deploy (written to
 * {@code $KARAF_DATA/deployed} or {@code data/deployed}), and reports RUNNING once something is deployed.
 */
public final class FakeNodeMain {
    private FakeNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String host = System.getProperty("serve.agent.host");
        int port = Integer.parseInt(System.getProperty("serve.agent.port"));
        String dataDir = System.getenv("KARAF_DATA") == null ? "data" : System.getenv("KARAF_DATA");
        Path deployed = Path.of(dataDir, "deployed");
        // like the real node: a token unless --no-auth, kept in agent.token where the CLI of the installation reads it
        boolean auth = !"false".equals(System.getProperty("serve.agent.auth"));
        String token = System.getenv("SERVE_AGENT_TOKEN") != null ? System.getenv("SERVE_AGENT_TOKEN") : "fake-" + ProcessHandle.current().pid();
        if (auth) {
            Files.writeString(Path.of(dataDir, "agent.token"), token + "\n");
        }
        System.out.println("fake node: agent " + host + ":" + port + ", ingress " + System.getProperty("serve.http.host")
                + ":" + System.getProperty("serve.http.port") + ", token " + System.getenv("SERVE_AGENT_TOKEN")
                + ", auth " + System.getProperty("serve.agent.auth", "default") + ", debug_errors " + System.getProperty("serve.http.debug_errors")
                + ", metrics " + System.getProperty("serve.metrics.host") + ":" + System.getProperty("serve.metrics.port")
                + ", cluster " + System.getProperty("serve.cluster.enabled") + " " + System.getProperty("serve.cluster.members")
                + " " + System.getProperty("serve.cluster.host") + ":" + System.getProperty("serve.cluster.port")
                + " cpus " + System.getProperty("serve.cluster.num_cpus") + " resources " + System.getProperty("serve.cluster.resources")
                + " internal " + System.getProperty("serve.internal.host") + ":" + System.getProperty("serve.internal.port"));
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/api/ray/version", exchange -> reply(exchange, "{\"version\": \"0.1.0\"}"));
        server.createContext("/api/serve/deployments/", exchange -> {
            if (auth && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                byte[] refused = "{\"error\": \"no token\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(401, refused.length);
                exchange.getResponseBody().write(refused);
                exchange.close();
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("PUT")) {
                Files.write(deployed, exchange.getRequestBody().readAllBytes());
                reply(exchange, "");
            } else if (path.endsWith("/status")) {
                reply(exchange, Files.exists(deployed)
                        ? "{\"app_status\": {\"status\": \"RUNNING\", \"message\": \"\", \"deployment_timestamp\": 1},"
                                + " \"deployment_statuses\": [{\"name\": \"DAGDriver\", \"status\": \"HEALTHY\", \"message\": \"\"}]}"
                        : "{\"app_status\": {\"status\": \"NOT_STARTED\", \"message\": \"\", \"deployment_timestamp\": 0},"
                                + " \"deployment_statuses\": []}");
            } else {
                reply(exchange, Files.exists(deployed) ? "{\"import_path\": \"fruit:deployment_graph\"}" : "{\"import_path\": \"\"}");
            }
        });
        server.createContext("/api/serve/applications/", exchange -> {
            if (auth && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            if (exchange.getRequestMethod().equals("DELETE")) {
                // like the real node: everything goes; the fake keeps a count of shutdowns for the tests
                Files.deleteIfExists(deployed);
                Files.writeString(Path.of(dataDir, "shutdowns"), "x", java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                reply(exchange, "");
                return;
            }
            // like the real node: the V1 application is listed as "default"
            reply(exchange, Files.exists(deployed) ? "{\"applications\": {\"default\": {\"status\": \"RUNNING\"}}}"
                    : "{\"applications\": {}}");
        });
        // like the real node: in a cluster, the agent lists its members once its own has joined
        boolean clustered = "true".equals(System.getProperty("serve.cluster.enabled"));
        server.createContext("/api/serve/nodes", exchange -> reply(exchange, clustered
                ? "{\"nodes\": [{\"node_id\": \"fake\", \"state\": \"ALIVE\"}]}" : "{\"nodes\": []}"));
        server.start();
        new CountDownLatch(1).await();
    }

    private static void reply(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
