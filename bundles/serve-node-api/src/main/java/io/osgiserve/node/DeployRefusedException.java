package io.osgiserve.node;

/** A deploy the node will not take; the message is one line a user can act on. */
public class DeployRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeployRefusedException(String message) {
        super(message);
    }
}
