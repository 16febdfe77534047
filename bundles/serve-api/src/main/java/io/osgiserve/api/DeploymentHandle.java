package io.osgiserve.api;

import java.util.concurrent.CompletableFuture;

/**
 * Calls another deployment. Each call goes to one of its current replicas (the router picks it), so a
 * handle stays valid across updates of the target.
 */
public interface DeploymentHandle {
    String deploymentName();

    /** Calls {@code method} with {@code args} on a replica; the future completes with its result. */
    CompletableFuture<Object> call(String method, Object... args);

    /** The same handle, bound to one method. */
    default DeploymentMethod method(String method) {
        DeploymentHandle self = this;
        return new DeploymentMethod() {
            @Override
            public String deploymentName() {
                return self.deploymentName();
            }

            @Override
            public String methodName() {
                return method;
            }

            @Override
            public CompletableFuture<Object> remote(Object... args) {
                return self.call(method, args);
            }
        };
    }
}
