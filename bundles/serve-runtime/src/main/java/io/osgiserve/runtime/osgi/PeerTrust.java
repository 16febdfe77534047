package io.osgiserve.runtime.osgi;

import io.osgiserve.config.NodeSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whom this node trusts when it calls another node's HTTPS internal port (replica calls, code by
 * digest): the JDK's CAs plus the PEM certificates of {@code serve.internal.tls.cafile}, else of the
 * node's own agent certificate file (nodes whose certificates share a CA, or one certificate, need no
 * more). Host names are checked as for any HTTPS call.
 */
final class PeerTrust {
    private static final int MAX_PEM_BYTES = 1 << 20;

    private PeerTrust() {
    }

    /** The trust store: the JDK's CAs and the cluster's certificates. */
    static KeyStore of(NodeSettings settings) {
        String file = settings.text(NodeSettings.INTERNAL_TLS_CAFILE);
        String key = NodeSettings.INTERNAL_TLS_CAFILE.key();
        if (file.isEmpty()) {
            file = settings.text(NodeSettings.AGENT_TLS_CERTFILE);
            key = NodeSettings.AGENT_TLS_CERTFILE.key();
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate ca : jdkTrustManager().getAcceptedIssuers()) {
                store.setCertificateEntry("jdk-" + n++, ca);
            }
            if (!file.isEmpty()) {
                int i = 0;
                for (Certificate c : read(Path.of(file), key)) {
                    store.setCertificateEntry("cluster-" + i++, c);
                }
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the trust for calls between nodes: " + e.getMessage(), e);
        }
    }

    /** An SSL context trusting {@code store} (for the JDK's HttpClient of the code fetcher). */
    static SSLContext context(KeyStore store) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the trust for calls between nodes: " + e.getMessage(), e);
        }
    }

    /** The certificates of {@code pem}; every failure names the setting {@code key} and the file. */
    private static Collection<? extends Certificate> read(Path pem, String key) throws IOException {
        try {
            if (Files.size(pem) > MAX_PEM_BYTES) {
                throw new IOException("is larger than " + MAX_PEM_BYTES + " bytes; it should hold PEM certificates");
            }
            try (InputStream in = Files.newInputStream(pem)) {
                Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
                if (certs.isEmpty()) {
                    throw new IOException("holds no PEM certificate");
                }
                return certs;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(key + ": " + pem + " does not exist", e);
        } catch (IOException | GeneralSecurityException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new IOException(key + ": " + pem + " " + (e instanceof GeneralSecurityException ? "holds no PEM certificate (" + why + ")" : why), e);
        }
    }

    private static X509TrustManager jdkTrustManager() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }
}
