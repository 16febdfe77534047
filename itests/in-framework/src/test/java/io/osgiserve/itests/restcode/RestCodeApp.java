package io.osgiserve.itests.restcode;

import io.osgiserve.api.BoundDeployment;
import io.osgiserve.api.Deployment;

/** {@link PriceDesk} at {@code /desk}, two replicas; installed as a bundle with {@code Serve-Module: desk=} this class. */
public final class RestCodeApp {
    public static final BoundDeployment app = Deployment.of(PriceDesk.class).name("PriceDesk").numReplicas(2)
            .routePrefix("/desk").bind();

    private RestCodeApp() {
    }
}
