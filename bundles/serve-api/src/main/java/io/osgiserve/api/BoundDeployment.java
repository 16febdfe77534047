package io.osgiserve.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A deployment with its constructor arguments bound: a node of an application graph. The node that
 * an {@code import_path} names is the application's ingress.
 */
public final class BoundDeployment {
    private final Deployment deployment;
    private final List<Object> args;

    BoundDeployment(Deployment deployment, Object[] args) {
        this.deployment = deployment;
        this.args = Collections.unmodifiableList(Arrays.asList(args.clone()));
    }

    public Deployment deployment() {
        return deployment;
    }

    /** The bound arguments; {@link BoundDeployment} and {@link BoundMethod} entries are graph edges. */
    public List<Object> args() {
        return args;
    }

    /** A method of this deployment, to bind into another deployment (as the DAGDriver's entry). */
    public BoundMethod method(String methodName) {
        return new BoundMethod(this, methodName);
    }

    @Override
    public String toString() {
        return deployment.name() + ".bind" + args;
    }
}
