package io.osgiserve.http.jetty;

import io.osgiserve.config.NodeSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A server's certificate and key for HTTPS: from PEM files (a certificate chain and its private key, read
 * with BouncyCastle's PEM parser) or from a PKCS#12 key store. Every failure is an {@link IOException}
 * with one line naming the file and what is wrong with it.
 */
public final class Tls {

    private static final char[] IN_MEMORY_PASSWORD = "serve".toCharArray();

    private final KeyStore keyStore;
    private final char[] password;
    private final String source;

    private Tls(KeyStore keyStore, char[] password, String source) {
        this.keyStore = keyStore;
        this.password = password;
        this.source = source;
    }

    /** A certificate chain (the server's first) and its unencrypted private key (PKCS#8, PKCS#1 or SEC1). */
    public static Tls pem(Path certificateFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
            return new Tls(store, IN_MEMORY_PASSWORD, certificateFile.toString());
        } catch (GeneralSecurityException e) {
            throw new IOException(keyFile + ": the key does not fit the certificate in " + certificateFile
                    + " (" + e.getMessage() + ")", e);
        }
    }

    /** A PKCS#12 key store holding the server's key and certificate chain. */
    public static Tls pkcs12(Path file, String password) throws IOException {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            return new Tls(store, secret, file.toString());
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not a PKCS#12 key store this password opens (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read the PKCS#12 key store (" + oneLine(e) + ")", e);
        }
    }

    /**
     * The HTTPS a node's settings give: the key store when set, else the PEM pair, else none.
     *
     * @throws IOException when a file named there cannot be used, or only half of the pair is given
     */
    public static Optional<Tls> from(NodeSettings settings, NodeSettings.Setting certificate, NodeSettings.Setting key,
            NodeSettings.Setting keyStore, NodeSettings.Setting keyStorePassword) throws IOException {
        String store = settings.text(keyStore);
        if (!store.isEmpty()) {
            return Optional.of(pkcs12(Path.of(store), settings.text(keyStorePassword)));
        }
        String cert = settings.text(certificate);
        String privateKey = settings.text(key);
        if (cert.isEmpty() && privateKey.isEmpty()) {
            return Optional.empty();
        }
        if (cert.isEmpty() || privateKey.isEmpty()) {
            throw new IOException("HTTPS needs both " + certificate.key() + " and " + key.key() + " (only "
                    + (cert.isEmpty() ? key.key() : certificate.key()) + " is set)");
        }
        return Optional.of(pem(Path.of(cert), Path.of(privateKey)));
    }

    /** Where the certificate came from, for the log. */
    public String source() {
        return source;
    }

    /** A fresh Jetty factory serving this certificate (TLS 1.2 and 1.3, Jetty's default ciphers). */
    SslContextFactory.Server contextFactory() {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStore(keyStore);
        factory.setKeyStorePassword(new String(password));
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        return factory;
    }

    private static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(reader)) {
            for (Object item = pem.readObject(); item != null; item = pem.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new IOException(file + ": cannot read a PEM certificate (" + oneLine(e) + ")", e);
        }
        if (chain.isEmpty()) {
            throw new IOException(file + ": holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(reader)) {
            for (Object item = pem.readObject(); item != null; item = pem.readObject()) {
                if (item instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (item instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IOException(file + ": the private key is encrypted; give an unencrypted key"
                            + " (readable by the node's user only) or a PKCS#12 key store with its password");
                }
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + ": cannot read a PEM private key (" + oneLine(e) + ")", e);
        } catch (RuntimeException e) {
            throw new IOException(file + ": cannot read a PEM private key (" + oneLine(e) + ")", e);
        }
        throw new IOException(file + ": holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("").trim();
    }
}
