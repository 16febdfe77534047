package io.osgiserve.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTokenFileTest {

    @TempDir
    Path data;

    private AgentTokenFile file() {
        return AgentTokenFile.of(NodeSettings.from(key -> null), data);
    }

    @Test
    void aFirstStartMakesARandomTokenInAgentTokenWithMode0600AndLaterStartsKeepIt() throws Exception {
        String first = file().establish(Optional.empty());

        Path written = data.resolve("agent.token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        assertEquals(first, Files.readString(written).trim());
        assertTrue(first.length() >= 40, first);
        assertEquals(first, file().establish(Optional.empty()));
        assertNotEquals(first, AgentTokenFile.of(NodeSettings.from(key -> null), data.resolve("other")).establish(Optional.empty()));
    }

    @Test
    void aGivenTokenReplacesTheFileSoTheCliFindsIt() throws Exception {
        file().establish(Optional.empty());

        assertEquals("x", file().establish(Optional.of("x")));

        assertEquals(Optional.of("x"), file().read());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("agent.token"))));
    }

    @Test
    void aLooseFileIsMadePrivateAgain() throws Exception {
        Path token = data.resolve("agent.token");
        Files.writeString(token, "kept\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));

        assertEquals("kept", file().establish(Optional.empty()));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
    }

    @Test
    void theSettingNamesAnotherFile() {
        Path elsewhere = data.resolve("secrets/t");
        assertEquals(elsewhere, AgentTokenFile.of(
                NodeSettings.from(Map.of("serve.agent.token.file", elsewhere.toString())::get), data).path());
    }
}
