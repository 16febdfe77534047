package io.osgiserve.cluster;

/** A leader write that was not made; the message is one line saying why (for a 503 answer). */
public final class WriteRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public WriteRefusedException(String reason) {
        super(reason);
    }
}
