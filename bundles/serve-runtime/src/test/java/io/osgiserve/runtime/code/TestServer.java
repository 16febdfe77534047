package io.osgiserve.runtime.code;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A real HTTP or HTTPS server on a free loopback port, with one handler, remembering the paths asked for. */
public final class TestServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final String scheme;

    private TestServer(HttpServer server, String scheme, HttpHandler handler) {
        this.server = server;
        this.scheme = scheme;
        server.createContext("/", exchange -> {
            requested.add(exchange.getRequestURI().getPath());
            try (exchange) {
                handler.handle(exchange);
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    public static TestServer http(HttpHandler handler) throws IOException {
        return new TestServer(HttpServer.create(loopback(), 0), "http", handler);
    }

    public static TestServer https(Tls tls, HttpHandler handler) throws IOException {
        HttpsServer server = HttpsServer.create(loopback(), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.server()));
        return new TestServer(server, "https", handler);
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    public String uri(String path) {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<String> requested() {
        return List.copyOf(requested);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers 200 with {@code body}. */
    public static void send(HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    /**
     * A self-signed certificate for 127.0.0.1, made by the JDK's keytool in {@code dir}: the key store
     * {@code tls.p12} (password changeit) and the certificate alone, {@code tls.pem}.
     */
    public record Tls(SSLContext server, SSLContext client) {
        public static Tls selfSigned(Path dir) throws Exception {
            Path store = dir.resolve("tls.p12");
            char[] password = "changeit".toCharArray();
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "test", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                    "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
            String output;
            try (InputStream out = keytool.getInputStream()) {
                output = new String(out.readAllBytes());
            }
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = java.nio.file.Files.newInputStream(store)) {
                keys.load(in, password);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(kmf.getKeyManagers(), null, null);

            Certificate certificate = keys.getCertificate("test");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("test", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, tmf.getTrustManagers(), null);
            java.nio.file.Files.writeString(dir.resolve("tls.pem"), "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            return new Tls(server, client);
        }
    }
}
