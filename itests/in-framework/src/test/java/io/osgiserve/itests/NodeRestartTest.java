package io.osgiserve.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The goal state outlives the node: the runtime bundle restarted on the same data directory redeploys it. */
class NodeRestartTest extends NodeTestSupport {

    @Test
    void restartedNodeBringsTheApplicationBackRunningWithoutANewDeploy() throws Exception {
        deploy(Configs.parseYaml(Configs.fruitYaml()));
        awaitRunning();
        Object deployedAt = appStatusDocument().get("deployment_timestamp");

        restart(runtimeBundle());

        awaitRunning();
        assertTrue(node().goal().isPresent(), "the restarted node has no goal");
        assertEquals(Configs.parseYaml(Configs.fruitYaml()), node().goal().get(), "goal after the restart");
        assertEquals(deployedAt, appStatusDocument().get("deployment_timestamp"),
                "deployment_timestamp: the restart is not a new deploy");
        assertEquals(6, price("[\"MANGO\", 2]"));
    }
}
