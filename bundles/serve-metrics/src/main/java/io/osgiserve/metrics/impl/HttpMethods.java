package io.osgiserve.metrics.impl;

/** HTTP's methods as a small index, so that a request's method never becomes a new label value. */
final class HttpMethods {

    static final String[] NAMES = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE", "OTHER"};
    static final int OTHER = NAMES.length - 1;

    private HttpMethods() {}

    /** The index of {@code method} in {@link #NAMES}; any other text (case included) is {@link #OTHER}. */
    static int index(String method) {
        if (method == null) {
            return OTHER;
        }
        return switch (method) {
            case "GET" -> 0;
            case "HEAD" -> 1;
            case "POST" -> 2;
            case "PUT" -> 3;
            case "DELETE" -> 4;
            case "PATCH" -> 5;
            case "OPTIONS" -> 6;
            case "CONNECT" -> 7;
            case "TRACE" -> 8;
            default -> OTHER;
        };
    }

    /** A status the label can take: 100 to 599, anything else as 599. */
    static int status(int status) {
        return status < 100 || status > 599 ? 599 : status;
    }
}
