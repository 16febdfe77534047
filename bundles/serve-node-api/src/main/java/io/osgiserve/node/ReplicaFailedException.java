package io.osgiserve.node;

/** A user's method threw; {@link #getCause()} is the user's exception. */
public class ReplicaFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String deployment;

    public ReplicaFailedException(String deployment, Throwable cause) {
        super(cause.getClass().getName() + ": " + cause.getMessage(), cause);
        this.deployment = deployment;
    }

    public String deployment() {
        return deployment;
    }
}
