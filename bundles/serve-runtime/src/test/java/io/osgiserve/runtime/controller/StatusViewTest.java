package io.osgiserve.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osgiserve.config.ConfigDocument;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusViewTest {
    // what Ray 2.58's client requires and allows (ServeInstanceDetails, ApplicationDetails, DeploymentDetails):
    // extra keys are refused at these three levels, so a document must have exactly these
    static final Set<String> INSTANCE = Set.of("controller_info", "proxy_location", "http_options", "grpc_options",
            "proxies", "deploy_mode", "applications", "target_capacity");
    static final Set<String> APPLICATION = Set.of("name", "route_prefix", "docs_path", "status", "message",
            "last_deployed_time_s", "deployed_app_config", "source", "deployments", "external_scaler_enabled");
    static final Set<String> DEPLOYMENT = Set.of("name", "status", "status_trigger", "message", "deployment_config",
            "target_num_replicas", "required_resources", "replicas", "recent_dead_replicas");

    @Test
    void withoutAGoalTheStatusIsNotStartedAndTheDetailsAreRaysNoInstanceAnswer() {
        assertThat(StatusView.status(null).toString())
                .isEqualTo("{app_status={status=NOT_STARTED, message=, deployment_timestamp=0}, deployment_statuses=[]}");
        assertThat(StatusView.applications("node-1", List.of(new StatusView.App("default", null, "NOT_STARTED", "", null,
                List.of()))).toString())
                .isEqualTo("{deploy_mode=MULTI_APP, controller_info={}, proxies={}, applications={}, target_capacity=null}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDetailsDocumentHasExactlyTheKeysOfRaysClientAtEachLevel() throws Exception {
        ConfigDocument doc = ConfigDocument.parseYaml("applications:\n- name: eu\n  route_prefix: /eu\n  import_path: a:b\n");
        ConfigGoal goal = new ConfigGoal(doc, 12.5, 1, io.osgiserve.runtime.code.Caller.LOOPBACK);
        Map<String, Object> details = StatusView.applications("node-1",
                List.of(new StatusView.App("eu", goal, "DEPLOYING", "", "/eu", List.of())), doc);

        assertEquals(INSTANCE, details.keySet());
        assertEquals("MULTI_APP", details.get("deploy_mode"));
        assertEquals(Set.of("node-1"), ((Map<String, Object>) details.get("proxies")).keySet());
        assertEquals("node-1", ((Map<String, Object>) details.get("controller_info")).get("node_id"));
        Map<String, Object> eu = (Map<String, Object>) ((Map<String, Object>) details.get("applications")).get("eu");
        assertEquals(APPLICATION, eu.keySet());
        assertEquals("declarative", eu.get("source"));
        assertEquals(doc.config().written(), eu.get("deployed_app_config"));
        assertEquals(12.5, eu.get("last_deployed_time_s"));
    }

    @Test
    void aRay20ApplicationIsImperativeAndKeepsItsStatus() throws Exception {
        ConfigGoal goal = new ConfigGoal(ConfigDocument.parseYaml("import_path: a:b\n"), 12.5, 1, io.osgiserve.runtime.code.Caller.LOOPBACK);
        Map<String, Object> doc = StatusView.applications("node-1",
                List.of(new StatusView.App("default", goal, "DEPLOYING", "", "/", List.of())), goal.doc());
        assertThat(doc.get("applications").toString()).isEqualTo("{default={name=default, route_prefix=/, docs_path=null,"
                + " status=DEPLOYING, message=, last_deployed_time_s=12.5, deployed_app_config={import_path=a:b},"
                + " source=imperative, deployments={}, external_scaler_enabled=false}}");
        assertThat(StatusView.status(new StatusView.App("default", goal, "DEPLOYING", "", "/", List.of())).toString())
                .isEqualTo("{app_status={status=DEPLOYING, message=, deployment_timestamp=12.5}, deployment_statuses=[]}");
    }
}
