package io.osgiserve.http.agent;

/** The agent cannot listen; the message is one line that says what to change. */
public final class AgentStartException extends Exception {
    private static final long serialVersionUID = 1L;

    AgentStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
