package io.osgiserve.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.osgiserve.config.ConfigDocument;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusViewTest {

    @Test
    void withoutAGoalTheStatusIsNotStartedAndTheDetailsListNoApplication() {
        assertThat(StatusView.status(null).toString())
                .isEqualTo("{app_status={status=NOT_STARTED, message=, deployment_timestamp=0}, deployment_statuses=[]}");
        assertThat(StatusView.applications("node-1", List.of(new StatusView.App("default", null, "NOT_STARTED", "", null,
                List.of())))).isEqualTo(Map.of("node_id", "node-1", "applications", Map.of()));
    }

    @Test
    void theDetailsDocumentListsEachApplicationByNameWithItsGoal() throws Exception {
        ConfigGoal goal = new ConfigGoal(ConfigDocument.parseYaml("import_path: a:b\n"), 12.5, 1,
                io.osgiserve.runtime.code.Caller.LOOPBACK);
        Map<String, Object> doc = StatusView.applications("node-1",
                List.of(new StatusView.App("default", goal, "DEPLOYING", "", "/", List.of())));
        assertThat(doc.toString()).isEqualTo("{node_id=node-1, applications={default={name=default, route_prefix=/,"
                + " status=DEPLOYING, message=, last_deployed_time_s=12.5, deployed_app_config={import_path=a:b},"
                + " deployments={}}}}");
        assertThat(StatusView.status(new StatusView.App("default", goal, "DEPLOYING", "", "/", List.of())).toString())
                .isEqualTo("{app_status={status=DEPLOYING, message=, deployment_timestamp=12.5}, deployment_statuses=[]}");
    }
}
