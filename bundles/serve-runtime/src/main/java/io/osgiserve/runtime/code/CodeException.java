package io.osgiserve.runtime.code;

/**
 * A failure to fetch code; the message is one line for the user and names the URI. A source that is
 * merely unavailable (missing, unreachable) is told apart from one that was refused (a limit, a
 * policy), because code installed earlier from an unavailable source may keep running.
 */
public final class CodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean unavailable;

    private CodeException(String message, boolean unavailable) {
        super(message);
        this.unavailable = unavailable;
    }

    static CodeException refused(String message) {
        return new CodeException(message, false);
    }

    static CodeException unavailable(String message) {
        return new CodeException(message, true);
    }

    /** True when the source is missing or unreachable (not refused by a limit or a policy). */
    public boolean sourceUnavailable() {
        return unavailable;
    }
}
