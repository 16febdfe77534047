package io.osgiserve.cli.node;

import io.osgiserve.cli.verbs.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The name the commands of this installation reach an HTTPS agent on all interfaces by. They connect
 * over this machine, and TLS checks that the name they connect to is one the certificate holds: so
 * {@code 127.0.0.1} when the certificate has it, else {@code localhost}, else the first
 * {@code --agent-host-names} entry that it holds and that is an address of this machine. A certificate
 * with none of them is refused at start, with the names it does hold.
 */
public final class AgentCertificateName {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private AgentCertificateName() {
    }

    /**
     * @param certificate the agent's PEM certificate
     * @param hostNames the names given with {@code --agent-host-names}
     * @return the host to reach the agent by; empty when 127.0.0.1 will do (what a wildcard bind means anyway)
     * @throws UserError when the certificate holds no name this machine answers to, or cannot be read
     */
    public static String choose(Path certificate, List<String> hostNames) {
        return choose(names(certificate), hostNames, AgentCertificateName::local, certificate);
    }

    static String choose(List<String> held, List<String> hostNames, Predicate<String> isLocal, Path certificate) {
        if (held.contains("127.0.0.1")) {
            return "";
        }
        if (held.contains("localhost")) {
            return "localhost";
        }
        for (String name : hostNames) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (held.contains(n) && isLocal.test(n)) {
                return n;
            }
        }
        throw new UserError("The agent's certificate " + certificate + " names " + (held.isEmpty() ? "no host"
                : String.join(", ", held)) + " but none of 127.0.0.1, localhost or an --agent-host-names entry of this"
                + " machine, so the commands of this installation could not check it; add localhost to its subjectAltName.");
    }

    /** The certificate's subjectAltName DNS names (lower case) and IP addresses. */
    static List<String> names(Path certificate) {
        try (InputStream in = Files.newInputStream(certificate)) {
            X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            List<String> names = new ArrayList<>();
            Collection<List<?>> alternatives = x509.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    int type = (Integer) entry.get(0);
                    if (type == SAN_DNS || type == SAN_IP) {
                        names.add(canonical(entry.get(1).toString()));
                    }
                }
            }
            return names;
        } catch (IOException | CertificateException e) {
            throw new UserError("Cannot read the agent's certificate " + certificate + ": " + e.getMessage(), e);
        }
    }

    /** IP addresses as InetAddress writes them (so 127.0.0.1 is found however the certificate spells it); names lower case. */
    private static String canonical(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.matches("[0-9.]+") || n.contains(":")) {
            try {
                return InetAddress.getByName(n).getHostAddress();
            } catch (UnknownHostException e) {
                return n;
            }
        }
        return n;
    }

    /** Whether the name resolves to an address of this machine (loopback or one of its interfaces). */
    private static boolean local(String name) {
        try {
            InetAddress address = InetAddress.getByName(name);
            return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }
}
