package io.osgiserve.itests;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's FruitStand, deployed from examples/fruit/fruit_config.yaml as a user would. */
class FruitStandDeployTest extends NodeTestSupport {

    @Test
    void fruitConfigReachesRunningWithFiveHealthyDeploymentsAndAnswersTheSeedsPrices() throws Exception {
        deploy(Configs.parseYaml(Configs.fruitYaml()));

        awaitRunning();
        assertEquals(Map.of("MangoStand", "HEALTHY", "OrangeStand", "HEALTHY", "PearStand", "HEALTHY",
                        "FruitMarket", "HEALTHY", "DAGDriver", "HEALTHY"), deploymentStatuses());
        assertEquals(List.of(2, 1, 1, 2, 1), List.of(replicas("MangoStand").size(), replicas("OrangeStand").size(),
                replicas("PearStand").size(), replicas("FruitMarket").size(), replicas("DAGDriver").size()));
        assertAll(
                () -> assertEquals(6, price("[\"MANGO\", 2]")),
                () -> assertEquals(12, price("[\"PEAR\", 3]")),
                () -> assertEquals(-1, price("[\"KIWI\", 1]")));
    }
}
