package io.osgiserve.node;

/**
 * The node cannot make changes now (in a cluster: it does not see a majority, so nothing it accepted could
 * be trusted to stand); the agent answers 503 with the message, one line. Reads still work.
 */
public class UnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message) {
        super(message);
    }
}
