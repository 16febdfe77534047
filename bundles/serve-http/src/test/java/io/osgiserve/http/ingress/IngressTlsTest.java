package io.osgiserve.http.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osgiserve.config.NodeSettings;
import io.osgiserve.http.jetty.Tls;
import io.osgiserve.http.testing.FakeRoutes;
import io.osgiserve.http.testing.SelfSigned;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingress serves HTTPS from the node's ssl_certfile / ssl_keyfile settings (Ray's names), and tells deployments so. */
class IngressTlsTest {

    @TempDir
    Path dir;

    @Test
    void theIngressAnswersOverHttpsWithTheCertificateOfTheNodeSettings() throws Exception {
        SelfSigned cert = SelfSigned.writeTo(dir);
        Map<String, String> properties = Map.of("serve.http.ssl_certfile", cert.certificate().toString(),
                "serve.http.ssl_keyfile", cert.key().toString());
        JettyIngress ingress = new JettyIngress(IngressLimits.defaults());
        ingress.tls(Tls.from(NodeSettings.from(properties::get), NodeSettings.HTTP_SSL_CERTFILE,
                NodeSettings.HTTP_SSL_KEYFILE, NodeSettings.HTTP_SSL_KEYSTORE, NodeSettings.HTTP_SSL_KEYSTORE_PASSWORD));
        ingress.open("127.0.0.1", 0, () -> new FakeRoutes(Map.of("/", FakeRoutes.route("/", "Root",
                request -> CompletableFuture.completedFuture(request.scheme() + " " + request.path())))));
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("node", cert.x509());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, factory.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();

            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(
                    "https://localhost:" + ingress.localPort().orElseThrow() + "/items")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode());
            assertEquals("https /items", response.body(), "the deployment sees the scheme the client used (for the links it builds)");
        } finally {
            ingress.close();
        }
    }
}
