package io.osgiserve.runtime.controller;

/** A deploy that cannot complete; the message is what the status shows the user. */
public class DeployFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public DeployFailure(String message) {
        super(message);
    }

    public DeployFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** "Class: message (at frame)": the user's own exception, and where it was thrown. */
    public static String describe(Throwable t) {
        StringBuilder b = new StringBuilder(t.getClass().getName());
        if (t.getMessage() != null) {
            b.append(": ").append(t.getMessage());
        }
        StackTraceElement[] trace = t.getStackTrace();
        if (trace.length > 0) {
            b.append(" (at ").append(trace[0]).append(')');
        }
        return b.toString();
    }
}
