package io.osgiserve.node;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The id that ties one request's lines together: the ingress gives every request one (the client's
 * {@code X-Request-Id} when it is plain, else a new one) and hands it to the replica in that header, so
 * the access log, user code's log context and a 500's reply all name the same id.
 */
public final class RequestIds {
    /** The header, in the lower case the replica's {@code HttpRequest} headers use. */
    public static final String HEADER = "x-request-id";
    /** A client's id is kept only when it is this long at most, of letters, digits and {@code ._:-}: it goes into log lines unescaped. */
    public static final int MAX_LENGTH = 64;

    private RequestIds() {
    }

    /** {@code sent} when it is a plain id, else a new one. */
    public static String of(String sent) {
        return plain(sent) ? sent : newId();
    }

    /** 64 random bits in hex: enough to find one request's lines in a log, and cheap on every request. */
    public static String newId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    static boolean plain(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
