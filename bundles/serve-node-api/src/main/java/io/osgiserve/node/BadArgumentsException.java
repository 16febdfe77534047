package io.osgiserve.node;

/**
 * A call whose arguments do not fit the deployment's method (no method with that many arguments, or
 * an argument of the wrong type): the caller's mistake, which the ingress answers with 400.
 */
public class BadArgumentsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BadArgumentsException(String message) {
        super(message);
    }
}
