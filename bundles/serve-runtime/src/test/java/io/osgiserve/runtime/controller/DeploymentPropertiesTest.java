package io.osgiserve.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osgiserve.config.DeploymentConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentPropertiesTest {

    @Test
    void optionsAreTextAnOperatorCanTypeWithUserConfigAsJson() throws Exception {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("num_replicas", 2);
        options.put("route_prefix", "/api");
        options.put("user_config", Map.of("price", 3));
        options.put("health_check_period_s", 0.5);
        options.put("ray_actor_options", null);
        Map<String, String> text = DeploymentProperties.content(DeploymentConfig.of("Mango", options));
        assertThat(text).containsEntry("num_replicas", "2").containsEntry("route_prefix", "/api")
                .containsEntry("user_config", "{\"price\":3}").containsEntry("health_check_period_s", "0.5")
                .containsEntry("ray_actor_options", "null");
    }

    @Test
    void theFrameworksAndTheNodesOwnPropertiesAreNoOptions() {
        Map<String, Object> delivered = new LinkedHashMap<>();
        delivered.put("user_config", "{\"price\":3}");
        delivered.put("service.pid", "serve.deployment~default.Mango");
        delivered.put("component.name", "serve.deployment");
        delivered.put("osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)");
        delivered.put("felix.fileinstall.filename", "file:/etc/x.cfg");
        delivered.put("serve.generation", 7L);
        assertEquals(Map.of("user_config", "{\"price\":3}"), DeploymentProperties.content(delivered));
        assertEquals(7L, DeploymentProperties.generation(delivered));
    }

    @Test
    void textReadsBackAsJsonWhenItIsJsonElseAsItself() {
        assertEquals(Map.of("price", 5), DeploymentProperties.parse("user_config", "{\"price\": 5}"));
        assertEquals(2, DeploymentProperties.parse("num_replicas", "2"));
        assertEquals("/api", DeploymentProperties.parse("route_prefix", "/api"));
        assertEquals(null, DeploymentProperties.parse("route_prefix", "null"));
    }

    @Test
    void userConfigThatIsNotJsonIsRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeploymentProperties.parse("user_config", "{\"price\": "));
        assertThat(e.getMessage()).startsWith("user_config: not valid JSON").doesNotContain("\n");
    }

    @Test
    void aConfigurationWrittenByHandIsKnownByItsPid() {
        assertArrayEquals(new String[] {"default", "MangoStand"},
                DeploymentProperties.key(Map.of("service.pid", "serve.deployment~default.MangoStand")));
    }
}
