package io.osgiserve.cli.client;

/** A failed conversation with the agent; the message is one line a user can act on. */
public class AgentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;

    public AgentException(String message) {
        this(message, 0, null);
    }

    public AgentException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    AgentException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /** The HTTP status the agent answered with, or 0 when there was no answer. */
    public int statusCode() {
        return statusCode;
    }
}
