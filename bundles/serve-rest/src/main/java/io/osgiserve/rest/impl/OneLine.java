package io.osgiserve.rest.impl;

/** An exception's message as one line, for a client or a status message. */
final class OneLine {
    private OneLine() {
    }

    static String of(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse("").strip();
    }
}
