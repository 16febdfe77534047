package io.osgiserve.node;

/** The deployment's replicas are all at max_concurrent_queries and its queue is full, or it has none. */
public class OverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OverloadedException(String message) {
        super(message);
    }
}
