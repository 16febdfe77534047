package io.osgiserve.cli.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.cli.verbs.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which name the commands reach an HTTPS agent on all interfaces by: one its certificate holds. */
class AgentCertificateNameTest {

    private static final Path CERT = Path.of("/etc/serve/agent.pem");
    private static final Set<String> LOCAL = Set.of("serve-node.test");

    private static String choose(List<String> held, List<String> hostNames) {
        return AgentCertificateName.choose(held, hostNames, LOCAL::contains, CERT);
    }

    @Test
    void aCertificateFor127001NeedsNoOtherName() {
        assertEquals("", choose(List.of("serve-node.test", "127.0.0.1"), List.of("serve-node.test")));
    }

    @Test
    void aCertificateForLocalhostOnlyIsReachedAsLocalhost() {
        assertEquals("localhost", choose(List.of("localhost"), List.of()));
    }

    @Test
    void otherwiseTheFirstGivenHostNameTheCertificateHoldsAndThisMachineAnswersTo() {
        assertEquals("serve-node.test", choose(List.of("elsewhere.test", "serve-node.test"),
                List.of("elsewhere.test", "Serve-Node.test")));
    }

    @Test
    void aCertificateWithNoNameOfThisMachineIsRefusedNamingWhatItHolds() {
        UserError refused = assertThrows(UserError.class, () -> choose(List.of("elsewhere.test"), List.of("elsewhere.test")));

        assertTrue(refused.getMessage().contains("names elsewhere.test"), refused.getMessage());
        assertTrue(refused.getMessage().contains(CERT.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("add localhost to its subjectAltName"), refused.getMessage());
        assertEquals(1, refused.getMessage().lines().count());
    }
}
