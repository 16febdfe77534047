package io.osgiserve.config;

import static io.osgiserve.config.Configs.IMPORT;
import static io.osgiserve.config.Configs.assertError;
import static io.osgiserve.config.Configs.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HardenedInputTest {

    /** Nine levels of ten aliases each (10^9 values once expanded), padded to about 1 MB. */
    private static String billionLaughs() {
        StringBuilder yaml = new StringBuilder(IMPORT).append("deployments: []\nbomb:\n");
        yaml.append("  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int level = 1; level <= 9; level++) {
            String prev = "*a" + (level - 1);
            yaml.append("  a").append(level).append(": &a").append(level).append(" [")
                    .append(String.join(",", java.util.Collections.nCopies(10, prev))).append("]\n");
        }
        yaml.append("padding: \"");
        while (yaml.length() < 1_000_000 - 2) {
            yaml.append('x');
        }
        return yaml.append("\"\n").toString();
    }

    @Test
    void aliasBombIsRefusedQuicklySayingWhy() {
        String bomb = billionLaughs();
        assertTrue(bomb.length() >= 1_000_000 && bomb.length() <= Defaults.MAX_DOCUMENT_BYTES);
        ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(ConfigException.class,
                        () -> ConfigDocument.parse(bomb.getBytes(StandardCharsets.UTF_8), "application/yaml")));
        // level 5 alone would expand to a million values: refused before the 51st alias is even reached
        assertEquals(List.of(new FieldError("document", "YAML aliases expand to too many values (limit 1000000)")),
                e.errors());
    }

    @Test
    void moreThanFiftyAliasesAreRefused() {
        StringBuilder yaml = new StringBuilder(IMPORT).append("deployments:\n- name: A\n  user_config:\n")
                .append("    base: &p {a: 1}\n");
        for (int i = 0; i < 51; i++) {
            yaml.append("    k").append(i).append(": *p\n");
        }
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigDocument.parseYaml(yaml.toString()));
        assertEquals(List.of(new FieldError("document", "too many YAML aliases (limit 50)")), e.errors());
    }

    @Test
    void aliasesThatDoubleAtEveryLevelAreRefusedByTheirExpandedSize() {
        StringBuilder yaml = new StringBuilder(IMPORT).append("x0: &x0 [a, b]\n");
        for (int level = 1; level <= 24; level++) {
            yaml.append("x").append(level).append(": &x").append(level)
                    .append(" [*x").append(level - 1).append(", *x").append(level - 1).append("]\n");
        }
        ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(ConfigException.class, () -> ConfigDocument.parseYaml(yaml.toString())));
        assertEquals("document", e.errors().get(0).path());
        assertTrue(e.getMessage().contains("YAML aliases expand to too many values"), e.getMessage());
    }

    @Test
    void aFewAliasesAreResolvedToTheirAnchoredValues() {
        ConfigDocument doc = valid(IMPORT + "deployments:\n"
                + "- name: A\n  user_config: &prices {price: 3}\n"
                + "- name: B\n  user_config: *prices\n");
        assertEquals(Map.of("price", 3), doc.config().deployment("B").orElseThrow().userConfig().orElseThrow());
    }

    @Test
    void mergeKeyTakesTheAnchoredFieldsUnlessWritten() {
        ConfigDocument doc = valid(IMPORT + "deployments:\n"
                + "- &base {name: A, num_replicas: 2, max_concurrent_queries: 10}\n"
                + "- <<: *base\n  name: B\n  num_replicas: 3\n");
        DeploymentConfig b = doc.config().deployment("B").orElseThrow();
        assertEquals(3, b.numReplicas().orElseThrow());
        assertEquals(10, b.maxConcurrentQueries().orElseThrow());
    }

    @Test
    void aliasOfAnUndefinedAnchorIsRefused() {
        assertError(IMPORT + "port: *nowhere\n", "port", "names no anchored mapping or list");
        assertError(IMPORT + "host: &h localhost\nx: *h\n", "x", "anchors on single values are not supported");
    }

    @Test
    void documentOverTheSizeLimitIsRefusedSayingTheLimit() {
        byte[] big = (IMPORT + "padding: \"" + "x".repeat(Defaults.MAX_DOCUMENT_BYTES) + "\"\n")
                .getBytes(StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigDocument.parse(big, null));
        assertEquals("document", e.errors().get(0).path());
        assertTrue(e.errors().get(0).message().contains("the limit is 1048576 bytes (1 MiB)"), e.getMessage());
        String text = new String(big, StandardCharsets.UTF_8);
        assertThrows(ConfigException.class, () -> ConfigDocument.parseYaml(text));
        assertThrows(ConfigException.class, () -> ConfigDocument.parseJson(text));
    }

    @Test
    void nestingBeyondTheDepthLimitIsRefused() {
        String deep = "[".repeat(200) + "]".repeat(200);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigDocument.parseYaml(IMPORT + "deployments:\n- name: A\n  user_config: {x: " + deep + "}\n"));
        assertTrue(e.getMessage().contains("nested deeper than 64 levels"), e.getMessage());
        assertTrue(e.errors().get(0).path().startsWith("deployments[0].user_config.x"), e.getMessage());
    }

    @Test
    void duplicateYamlKeyIsRefusedWithItsPath() {
        assertError(IMPORT + "deployments:\n- name: A\n  num_replicas: 1\n  num_replicas: 2\n",
                "deployments[0].num_replicas", "duplicate key at line 5");
        assertError(IMPORT + "import_path: other.graph\n", "import_path", "duplicate key");
    }

    @Test
    void duplicateJsonKeyIsRefusedWithItsPath() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigDocument.parseJson("{\"import_path\": \"a.b\", \"port\": 1, \"port\": 2}"));
        assertEquals(List.of("port"), e.errors().stream().map(FieldError::path).toList());
    }

    @Test
    void duplicatesAndOtherProblemsAreReportedTogether() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigDocument.parseYaml("import_path: nodots\nport: 1\nport: 2\n"));
        assertEquals(List.of("port", "import_path"), e.errors().stream().map(FieldError::path).toList());
    }

    @Test
    void moreThanOneYamlDocumentIsRefused() {
        assertError(IMPORT + "---\n" + IMPORT, "document", "more than one YAML document");
    }

    @Test
    void nonFiniteNumberIsRefused() {
        assertError(Configs.deployment("health_check_period_s: .inf"), "document", "'.inf'");
        assertError(Configs.deployment("health_check_period_s: .nan"), "document", "'.nan'");
    }

    @Test
    void anApplicationRepeatedThroughYamlAliasesIsADuplicateNotACopy() {
        String yaml = "applications:\n- &app {name: a, route_prefix: /a, import_path: a.b}\n" + "- *app\n".repeat(3);
        assertError(yaml, "applications[1].name", "duplicate application name 'a' (also applications[0])");
        assertError(yaml, "applications[3].route_prefix", "duplicate route_prefix '/a' (also applications[0])");
    }
}
