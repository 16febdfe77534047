package io.osgiserve.itests.apps;

import io.osgiserve.api.BoundDeployment;
import io.osgiserve.api.DAGDriver;
import io.osgiserve.api.Deployment;

/**
 * The applications the acceptance tests deploy, by {@code import_path: itest:<field>} (the tester
 * bundle's manifest names this class {@code itest} in its {@code Serve-Module} header). The stands
 * answer {@code ["MANGO", n]} through a DAGDriver, like the FruitStand example.
 */
public final class TestApps {
    /** A MangoStand that records its constructions and reconfigure calls in {@link StandLedger}. */
    public static final BoundDeployment counting = DAGDriver.bind(
            Deployment.of(CountingStand.class).name("MangoStand").numReplicas(2).bind().method("checkPrice"),
            DAGDriver.JSON_REQUEST);

    /** A MangoStand whose constructor always throws {@code IllegalStateException("no price list")}. */
    public static final BoundDeployment broken = DAGDriver.bind(
            Deployment.of(BrokenStand.class).name("MangoStand").bind().method("checkPrice"),
            DAGDriver.JSON_REQUEST);

    /** A MangoStand with a stock of 10 that throws {@link SoldOutException} for larger orders. */
    public static final BoundDeployment small = DAGDriver.bind(
            Deployment.of(SmallStand.class).name("MangoStand").bind().method("checkPrice"),
            DAGDriver.JSON_REQUEST);

    /** SlowStand alone, routed at {@code /slow}: every request waits in the {@link Turnstile}. */
    public static final BoundDeployment slow = Deployment.of(SlowStand.class).name("SlowStand")
            .routePrefix("/slow").bind();

    /** AnnotatedStand alone, two replicas routed at {@code /annotated}. */
    public static final BoundDeployment annotated = Deployment.of(AnnotatedStand.class).name("AnnotatedStand")
            .numReplicas(2).routePrefix("/annotated").bind();

    /** RestStand alone, one replica routed at {@code /rest}: a Jakarta REST deployment. */
    public static final BoundDeployment rest = Deployment.of(RestStand.class).name("RestStand")
            .routePrefix("/rest").bind();

    private TestApps() {
    }
}
