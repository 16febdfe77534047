package io.osgiserve.examples.fruit;

import io.osgiserve.api.BoundDeployment;
import io.osgiserve.api.DAGDriver;
import io.osgiserve.api.Deployment;

/**
 * The FruitStand application: three stands, a market that asks the right stand, and a DAGDriver
 * that reads {@code ["MANGO", 2]} from the request body. Its bundle names this class {@code fruit}
 * (manifest header {@code Serve-Module}), so {@code import_path: fruit:deployment_graph} finds it.
 */
public final class FruitStand {
    public static final BoundDeployment deployment_graph = build();

    private FruitStand() {
    }

    private static BoundDeployment build() {
        BoundDeployment mango = Deployment.of(MangoStand.class).numReplicas(2).bind();
        BoundDeployment orange = Deployment.of(OrangeStand.class).bind();
        BoundDeployment pear = Deployment.of(PearStand.class).bind();
        BoundDeployment market = Deployment.of(FruitMarket.class).numReplicas(2).bind(mango, orange, pear);
        return DAGDriver.bind(market.method("checkPrice"), DAGDriver.JSON_REQUEST);
    }
}
