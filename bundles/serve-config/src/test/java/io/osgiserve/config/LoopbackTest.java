package io.osgiserve.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoopbackTest {

    @Test
    void loopbackNamesAndAddressesAreLoopback() {
        for (String host : new String[] {"localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.1.2.3", "::1",
                "[::1]", "0:0:0:0:0:0:0:1", "[0::1]"}) {
            assertTrue(Loopback.isLoopback(host), host);
        }
    }

    @Test
    void everythingElseIsNotEvenANameThatMightResolveToLoopback() {
        for (String host : new String[] {"0.0.0.0", "::", "10.0.0.1", "attacker.example", "localhost.attacker.example",
                "127.0.0.1.nip.io", "127.0.0", "127.0.0.256", "::2", "", null}) {
            assertFalse(Loopback.isLoopback(host), String.valueOf(host));
        }
    }
}
