package io.osgiserve.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Small helpers shared by the tests: documents to start from and assertions on errors. */
final class Configs {

    static final String IMPORT = "import_path: fruit:deployment_graph\n";

    private Configs() {
    }

    /** A document with one deployment {@code A} holding the given (indented by the helper) fields. */
    static String deployment(String... fieldLines) {
        StringBuilder yaml = new StringBuilder(IMPORT).append("deployments:\n- name: A\n");
        for (String line : fieldLines) {
            yaml.append("  ").append(line).append('\n');
        }
        return yaml.toString();
    }

    static List<FieldError> errors(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigDocument.parseYaml(yaml));
        return e.errors();
    }

    /** Asserts that parsing fails with an error at {@code path} whose message contains {@code fragment}. */
    static void assertError(String yaml, String path, String fragment) {
        List<FieldError> errors = errors(yaml);
        boolean found = errors.stream().anyMatch(e -> e.path().equals(path) && e.message().contains(fragment));
        if (!found) {
            fail("expected an error at " + path + " containing '" + fragment + "', got:\n"
                    + errors.stream().map(FieldError::toString).collect(Collectors.joining("\n")));
        }
    }

    static ConfigDocument valid(String yaml) {
        try {
            return ConfigDocument.parseYaml(yaml);
        } catch (ConfigException e) {
            throw new AssertionError("expected a valid config, got:\n" + e.getMessage(), e);
        }
    }

    static String resource(String name) {
        try (InputStream in = Configs.class.getResourceAsStream("/" + name)) {
            assertTrue(in != null, name + " is on the test class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
