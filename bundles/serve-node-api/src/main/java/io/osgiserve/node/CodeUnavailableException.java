package io.osgiserve.node;

/**
 * A runtime_env source that cannot be read now (unreachable, an HTTP error, missing): not the caller's
 * fault, unlike a {@link DeployRefusedException}. The message is one line naming the URI and why.
 */
public class CodeUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public CodeUnavailableException(String message) {
        super(message);
    }
}
