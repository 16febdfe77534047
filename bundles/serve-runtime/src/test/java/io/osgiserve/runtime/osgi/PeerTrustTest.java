package io.osgiserve.runtime.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osgiserve.config.NodeSettings;
import io.osgiserve.runtime.code.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whom calls to other nodes' HTTPS internal ports trust: a bad certificate file stops the node with one line. */
class PeerTrustTest {
    @TempDir
    Path dir;

    private static NodeSettings settings(Map<String, String> values) {
        return NodeSettings.from(values::get);
    }

    @Test
    void withoutAClusterCertificateTheJdkCasAreTrusted() throws Exception {
        KeyStore store = PeerTrust.of(settings(Map.of()));
        assertThat(Collections.list(store.aliases())).isNotEmpty().allMatch(a -> a.startsWith("jdk-"));
        assertThat(PeerTrust.context(store).getProtocol()).isEqualTo("TLS");
    }

    @Test
    void aFileWithoutACertificateIsRefusedNamingTheSetting() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PeerTrust.of(settings(Map.of(NodeSettings.INTERNAL_TLS_CAFILE.key(), notPem.toString()))));
        assertThat(e.getMessage()).startsWith("cannot build the trust for calls between nodes: "
                + NodeSettings.INTERNAL_TLS_CAFILE.key() + ": " + notPem + " holds no PEM certificate").doesNotContain("\n");

        Path missing = dir.resolve("absent.pem");
        IllegalStateException gone = assertThrows(IllegalStateException.class,
                () -> PeerTrust.of(settings(Map.of(NodeSettings.AGENT_TLS_CERTFILE.key(), missing.toString()))));
        assertThat(gone.getMessage()).isEqualTo("cannot build the trust for calls between nodes: "
                + NodeSettings.AGENT_TLS_CERTFILE.key() + ": " + missing + " does not exist");

        Path huge = Files.write(dir.resolve("huge.pem"), new byte[(1 << 20) + 1]);
        IllegalStateException big = assertThrows(IllegalStateException.class,
                () -> PeerTrust.of(settings(Map.of(NodeSettings.INTERNAL_TLS_CAFILE.key(), huge.toString()))));
        assertThat(big.getMessage()).contains(NodeSettings.INTERNAL_TLS_CAFILE.key()).contains("larger than");
    }

    /** A node's certificate in serve.internal.tls.cafile is trusted on calls to it; without it, it is not. */
    @Test
    void aPeerWhoseCertificateIsInTheCaFileIsTrustedAndOtherwiseNot() throws Exception {
        TestServer.Tls tls = TestServer.Tls.selfSigned(dir);
        try (TestServer peer = TestServer.https(tls, x -> TestServer.send(x, "ok".getBytes()))) {
            HttpRequest get = HttpRequest.newBuilder(URI.create(peer.uri("/internal/v1/health"))).build();

            SSLContext withCa = PeerTrust.context(PeerTrust.of(settings(Map.of(NodeSettings.INTERNAL_TLS_CAFILE.key(),
                    dir.resolve("tls.pem").toString()))));
            HttpResponse<String> ok = HttpClient.newBuilder().sslContext(withCa).build().send(get, HttpResponse.BodyHandlers.ofString());
            assertThat(ok.body()).isEqualTo("ok");

            SSLContext jdkOnly = PeerTrust.context(PeerTrust.of(settings(Map.of())));
            assertThrows(SSLHandshakeException.class,
                    () -> HttpClient.newBuilder().sslContext(jdkOnly).build().send(get, HttpResponse.BodyHandlers.ofString()));
        }
    }
}
