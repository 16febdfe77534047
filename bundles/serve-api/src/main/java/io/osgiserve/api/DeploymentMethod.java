package io.osgiserve.api;

import java.util.concurrent.CompletableFuture;

/** A handle bound to one method of another deployment. */
public interface DeploymentMethod {
    String deploymentName();

    String methodName();

    CompletableFuture<Object> remote(Object... args);
}
