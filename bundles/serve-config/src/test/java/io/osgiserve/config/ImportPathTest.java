package io.osgiserve.config;

import static io.osgiserve.config.Configs.assertError;
import static io.osgiserve.config.Configs.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ImportPathTest {

    @ParameterizedTest(name = "valid import path {0} -> module {1}, attribute {2}")
    @CsvSource({
        "module.deployment_graph, module, deployment_graph",
        "module:deploymentgraph, module, deploymentgraph",
        "module.submodule1:deploymentGraph, module.submodule1, deploymentGraph",
        "fruit:deployment_graph, fruit, deployment_graph",
        "a.b.c.graph, a.b.c, graph",
    })
    void validImportPathIsAcceptedAndSplit(String text, String module, String attribute) throws ConfigException {
        assertEquals(new ImportPath(module, attribute), ImportPath.parse(text));
        assertEquals(text, valid("import_path: '" + text + "'\n").config().importPath());
    }

    @ParameterizedTest(name = "invalid import path ''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "''        | must not be empty",
        ".         | may not start or end with '.'",
        ":         | may not start or end with ':'",
        "a:b:c     | at most one ':'",
        "module.   | may not start or end with '.'",
        ".module   | may not start or end with '.'",
        "nodots    | needs a ':' or a '.'",
        "module:   | may not start or end with ':'",
        ":attr     | may not start or end with ':'",
        "'mod ule:x' | must not contain whitespace",
    })
    void invalidImportPathIsRefusedWithItsReason(String text, String reason) {
        ConfigException e = assertThrows(ConfigException.class, () -> ImportPath.parse(text));
        assertEquals("import_path", e.errors().get(0).path());
        assertEquals(1, e.errors().size());
        assertError("import_path: '" + text + "'\n", "import_path", reason);
    }

    @Test
    void importPathIsRequired() {
        assertError("deployments: []\n", "import_path", "is required");
        assertError("import_path: null\n", "import_path", "is required");
    }

    @ParameterizedTest(name = "import_path of type {0} is refused")
    @ValueSource(strings = {"42", "[a, b]", "true"})
    void importPathMustBeAString(String value) {
        assertError("import_path: " + value + "\n", "import_path", "must be a string");
    }
}
