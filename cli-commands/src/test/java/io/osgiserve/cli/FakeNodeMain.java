package io.osgiserve.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Stands in for a node in the start/stop tests: the fake distribution's bin/karaf runs it with the
 * -Dserve.* options the CLI passed; it answers the version probe until it is terminated.
 */
public final class FakeNodeMain {
    private FakeNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String host = System.getProperty("serve.agent.host");
        int port = Integer.parseInt(System.getProperty("serve.agent.port"));
        System.out.println("fake node: agent " + host + ":" + port + ", ingress " + System.getProperty("serve.http.host")
                + ":" + System.getProperty("serve.http.port"));
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/api/ray/version", exchange -> {
            byte[] body = "{\"version\": \"0.1.0\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        new CountDownLatch(1).await();
    }
}
