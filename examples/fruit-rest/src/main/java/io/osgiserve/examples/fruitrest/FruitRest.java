package io.osgiserve.examples.fruitrest;

import io.osgiserve.api.BoundDeployment;
import io.osgiserve.api.Deployment;

/**
 * FruitStand with a Jakarta REST front: the three stands, and {@link FruitMarket} as the ingress at
 * {@code /market}. Its bundle names this class {@code fruit_rest} (manifest header {@code Serve-Module}),
 * so {@code import_path: fruit_rest:app} finds it.
 */
public final class FruitRest {
    public static final BoundDeployment app = build();

    private FruitRest() {
    }

    private static BoundDeployment build() {
        BoundDeployment mango = Deployment.of(MangoStand.class).numReplicas(2).bind();
        BoundDeployment orange = Deployment.of(OrangeStand.class).bind();
        BoundDeployment pear = Deployment.of(PearStand.class).bind();
        return Deployment.of(FruitMarket.class).numReplicas(2).routePrefix("/market").bind(mango, orange, pear);
    }
}
