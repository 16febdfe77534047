package io.osgiserve.itests.apps;

/** The user's own exception: a stand cannot sell more than it has. */
public final class SoldOutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SoldOutException(String message) {
        super(message);
    }
}
