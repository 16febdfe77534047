package io.osgiserve.itests.quote;

import io.osgiserve.api.BoundDeployment;
import io.osgiserve.api.DAGDriver;
import io.osgiserve.api.Deployment;

/**
 * A graph whose deployments pass a user type ({@link Quote}) between them. The test installs this
 * package as its own bundle, twice (two code versions), with {@code Serve-Module: quote=} this class.
 */
public final class QuoteApp {
    public static final BoundDeployment app = DAGDriver.bind(
            Deployment.of(QuoteMarket.class).name("QuoteMarket").numReplicas(2)
                    .bind(Deployment.of(QuoteStand.class).name("QuoteStand").numReplicas(2).bind())
                    .method("checkPrice"),
            DAGDriver.JSON_REQUEST);

    private QuoteApp() {
    }
}
