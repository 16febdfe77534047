package io.osgiserve.runtime.routing;

/**
 * A call that never reached a replica: the owner was full (503), no longer had it (404), or its node
 * did not take the request (connection refused, or closed before the request was sent). The router
 * tries another replica; nothing ran.
 */
final class Unreached extends RuntimeException {
    private static final long serialVersionUID = 1L;

    enum Reason { FULL, GONE, DOWN }

    private final Reason reason;

    Unreached(Reason reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
