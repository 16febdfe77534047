package io.osgiserve.runtime.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osgiserve.config.NodeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Map;
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
        assertThat(e.getMessage()).startsWith("cannot build the trust for calls between nodes").doesNotContain("\n");

        Path missing = dir.resolve("absent.pem");
        IllegalStateException gone = assertThrows(IllegalStateException.class,
                () -> PeerTrust.of(settings(Map.of(NodeSettings.AGENT_TLS_CERTFILE.key(), missing.toString()))));
        assertThat(gone.getMessage()).contains("absent.pem");

        Path huge = Files.write(dir.resolve("huge.pem"), new byte[(1 << 20) + 1]);
        IllegalStateException big = assertThrows(IllegalStateException.class,
                () -> PeerTrust.of(settings(Map.of(NodeSettings.INTERNAL_TLS_CAFILE.key(), huge.toString()))));
        assertThat(big.getMessage()).contains(NodeSettings.INTERNAL_TLS_CAFILE.key()).contains("larger than");
    }
}
