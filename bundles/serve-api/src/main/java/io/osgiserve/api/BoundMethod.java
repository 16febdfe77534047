package io.osgiserve.api;

import java.util.Objects;

/** One method of a bound deployment; arrives in the consuming constructor as a {@link DeploymentMethod}. */
public final class BoundMethod {
    private final BoundDeployment target;
    private final String method;

    BoundMethod(BoundDeployment target, String method) {
        this.target = Objects.requireNonNull(target, "target");
        this.method = Objects.requireNonNull(method, "method");
    }

    public BoundDeployment target() {
        return target;
    }

    public String method() {
        return method;
    }

    @Override
    public String toString() {
        return target.deployment().name() + "." + method;
    }
}
