package io.osgiserve.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an operator's edit of a deployment's configuration becomes the next goal. */
class DeploymentConfigurationsTest {
    private static final ConfigDocument GOAL = parse("import_path: fruit:deployment_graph\n"
            + "deployments:\n- name: MangoStand\n  num_replicas: 2\n  user_config:\n    price: 3\n");

    private static ConfigDocument parse(String yaml) {
        try {
            return ConfigDocument.parseYaml(yaml);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theChangedOptionGoesIntoTheDeploymentsEntryAndTheRestOfTheGoalStays() throws Exception {
        ConfigDocument next = DeploymentConfigurations.edited(GOAL, "MangoStand",
                Map.of("num_replicas", "2", "user_config", "{\"price\":3}"),
                Map.of("num_replicas", "2", "user_config", "{\"price\": 5}"));
        assertThat(next.toYaml()).contains("import_path: fruit:deployment_graph", "num_replicas: 2", "price: 5")
                .doesNotContain("price: 3");
    }

    @Test
    void aDeploymentTheConfigDoesNotListGetsAnEntry() throws Exception {
        ConfigDocument next = DeploymentConfigurations.edited(GOAL, "PearStand",
                Map.of("user_config", "{\"price\":4}"), Map.of("user_config", "{\"price\":6}"));
        assertThat(next.config().deployment("PearStand").orElseThrow().userConfig().orElseThrow())
                .containsEntry("price", 6);
    }

    @Test
    void nothingChangedIsNoDeploy() throws Exception {
        assertNull(DeploymentConfigurations.edited(GOAL, "MangoStand", Map.of("num_replicas", "2"),
                Map.of("num_replicas", "2")));
    }

    @Test
    void anEditBreakingAFieldRuleIsRefusedNamingTheField() {
        ConfigException e = assertThrows(ConfigException.class, () -> DeploymentConfigurations.edited(GOAL,
                "MangoStand", Map.of("num_replicas", "2"), Map.of("num_replicas", "-1")));
        assertThat(e.getMessage()).contains("num_replicas");
    }
}
