package io.osgiserve.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every node setting is in the README's table with its default, so an operator finds each limit and switch. */
class NodeSettingsDocumentedTest {

    @Test
    void everySettingIsARowOfTheReadmesTableWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        for (NodeSettings.Setting setting : NodeSettings.ALL) {
            String row = "| `" + setting.key() + "` | " + (setting.defaultValue().isEmpty() ? "|" : "`" + setting.defaultValue() + "` |");
            assertTrue(readme.contains(row), "README.md has no row starting " + row);
        }
    }
}
