package io.osgiserve.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the client proves and trusts: the token, from {@code --token}, else {@code SERVE_AGENT_TOKEN}, else
 * {@code RAY_AUTH_TOKEN} (what current Ray's clients send with {@code RAY_AUTH_MODE=token}), else the
 * {@code agent.token} of the node this installation started; and for {@code https://} agents the CA
 * certificates, from {@code --cacert}, else {@code SERVE_AGENT_CACERT}, else the local node's own certificate.
 */
public final class AgentCredentials {
    public static final String ENV_TOKEN = "SERVE_AGENT_TOKEN";
    public static final String ENV_RAY_TOKEN = "RAY_AUTH_TOKEN";
    public static final String ENV_CACERT = "SERVE_AGENT_CACERT";

    private AgentCredentials() {
    }

    /** The token to send, or null; {@code localNode} is asked only when nothing else gives one. */
    public static String token(String flag, Map<String, String> env, Supplier<String> localNode) {
        return first(flag, env.get(ENV_TOKEN), env.get(ENV_RAY_TOKEN), localNode);
    }

    /** The CA file to trust, or null for the JDK's own trust store. */
    public static String caCertificate(String flag, Map<String, String> env, Supplier<String> localNode) {
        return first(flag, env.get(ENV_CACERT), null, localNode);
    }

    /** TLS that trusts exactly the certificates in a PEM file (a CA, or a self-signed agent's own certificate). */
    public static SSLContext trusting(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new AgentException("The CA file " + pemFile + " holds no certificate (-----BEGIN CERTIFICATE-----).");
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates) {
                trust.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new AgentException("Cannot read the CA file " + pemFile + ": " + e.getMessage()
                    + " (give a PEM certificate with --cacert or SERVE_AGENT_CACERT).", e);
        }
    }

    private static String first(String flag, String env, String env2, Supplier<String> fallback) {
        for (String candidate : new String[] {flag, env, env2}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.trim();
            }
        }
        String local = fallback.get();
        return local == null || local.isBlank() ? null : local.trim();
    }
}
