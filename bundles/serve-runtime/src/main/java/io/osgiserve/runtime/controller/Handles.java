package io.osgiserve.runtime.controller;

import io.osgiserve.api.DeploymentHandle;
import io.osgiserve.node.OverloadedException;
import io.osgiserve.runtime.routing.DeploymentRouter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Handles look their target's router up on every call, so they stay valid across updates of the
 * target; each call prefers replicas running the caller's code (see {@link DeploymentRouter#call}).
 */
final class Handles {
    private Handles() {
    }

    static DeploymentHandle to(String deployment, Map<String, DeploymentRouter> routers, String code) {
        return new DeploymentHandle() {
            @Override
            public String deploymentName() {
                return deployment;
            }

            @Override
            public CompletableFuture<Object> call(String method, Object... args) {
                DeploymentRouter router = routers.get(deployment);
                if (router == null) {
                    return CompletableFuture.failedFuture(
                            new OverloadedException("deployment " + deployment + " is not running"));
                }
                return router.call(method, args, code);
            }

            @Override
            public String toString() {
                return "DeploymentHandle[" + deployment + "]";
            }
        };
    }
}
