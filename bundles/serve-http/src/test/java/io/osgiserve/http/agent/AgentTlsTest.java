package io.osgiserve.http.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.config.NodeSettings;
import io.osgiserve.http.testing.FakeNode;
import io.osgiserve.http.testing.SelfSigned;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent over HTTPS from PEM files, beyond loopback too; a client that does not trust the certificate gets nowhere. */
class AgentTlsTest {

    @TempDir
    Path dir;

    @Test
    void theAgentServesHttpsFromAPemCertificateAndKeyAndMayThenBindBeyondLoopback() throws Exception {
        SelfSigned cert = SelfSigned.writeTo(dir);
        Map<String, String> properties = Map.of("serve.agent.host", "0.0.0.0", "serve.agent.port", "0",
                "serve.agent.token", "tls-token",
                "serve.agent.tls.certfile", cert.certificate().toString(), "serve.agent.tls.keyfile", cert.key().toString());
        AgentServer agent = AgentServer.start(AgentSettings.from(NodeSettings.from(properties::get), name -> null, dir),
                new FakeNode(), "0.1.0");
        try {
            assertEquals("https", agent.scheme());
            URI status = URI.create("https://127.0.0.1:" + agent.port() + "/api/serve/deployments/status");

            HttpResponse<String> trusted = client(trusting(cert)).send(HttpRequest.newBuilder(status)
                    .header("Authorization", "Bearer tls-token").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, trusted.statusCode());

            assertThrows(SSLHandshakeException.class, () -> client(SSLContext.getDefault()).send(
                    HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.ofString()));
        } finally {
            agent.stop();
        }
    }

    @Test
    void aKeyFileWithoutAKeyIsRefusedNamingTheFile() throws Exception {
        SelfSigned cert = SelfSigned.writeTo(dir);
        Path notAKey = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        Map<String, String> properties = Map.of("serve.agent.tls.certfile", cert.certificate().toString(),
                "serve.agent.tls.keyfile", notAKey.toString());

        AgentStartException e = assertThrows(AgentStartException.class,
                () -> AgentSettings.from(NodeSettings.from(properties::get), name -> null, dir));

        assertTrue(e.getMessage().contains(notAKey.toString()) && e.getMessage().contains("no PEM private key"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    private static SSLContext trusting(SelfSigned cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("agent", cert.x509());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static HttpClient client(SSLContext ssl) {
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
