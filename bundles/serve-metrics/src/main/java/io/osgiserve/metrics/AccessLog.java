package io.osgiserve.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One line per answered request, in logfmt (key=value pairs, one space apart), to the SLF4J logger
 * {@value #LOGGER} at INFO:
 *
 * <pre>
 * request_id=5f0c2a81 application=fruit route=/ deployment=DAGDriver replica=DAGDriver#k2x9 method=POST status=200 latency_ms=1.234
 * </pre>
 *
 * <p>The keys always come in this order. A missing value is {@code -}. A value holding a space, a
 * quote, an {@code =} or a backslash is written in double quotes with {@code \"} and {@code \\}; control
 * characters are written as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}, so a line is
 * always one line, whatever a client sent. A value is cut at {@value #MAX_VALUE} characters (a
 * trailing {@code ...} says so). {@code latency_ms} has three decimals (microseconds).
 */
public final class AccessLog {

    /** The logger the lines go to. */
    public static final String LOGGER = "serve.access";
    /** The SLF4J MDC key of the request id while a replica runs user code. */
    public static final String MDC_REQUEST_ID = "request_id";
    /** The SLF4J MDC key of the replica id while a replica runs user code. */
    public static final String MDC_REPLICA = "replica";
    /** The longest value written whole. */
    public static final int MAX_VALUE = 128;

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final ThreadLocal<StringBuilder> LINE = ThreadLocal.withInitial(() -> new StringBuilder(256));

    private AccessLog() {}

    /** Logs a request's line, when the logger is on for INFO. */
    public static void log(String requestId, String application, String route, String deployment, String replica,
                           String method, int status, long latencyNanos) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        StringBuilder line = LINE.get();
        line.setLength(0);
        format(line, requestId, application, route, deployment, replica, method, status, latencyNanos);
        // the line is written on whichever thread completed the request, maybe a replica's: its MDC must not
        // lend the line another replica's id (serve logs would file it under that replica's deployment)
        String threadsReplica = MDC.get(MDC_REPLICA);
        String threadsRequest = MDC.get(MDC_REQUEST_ID);
        MDC.remove(MDC_REPLICA);
        putOrRemove(MDC_REQUEST_ID, requestId);
        try {
            LOG.info(line.toString());
        } finally {
            putOrRemove(MDC_REPLICA, threadsReplica);
            putOrRemove(MDC_REQUEST_ID, threadsRequest);
        }
    }

    private static void putOrRemove(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** Appends a request's line (without a line break) to {@code out}. */
    public static StringBuilder format(StringBuilder out, String requestId, String application, String route,
                                       String deployment, String replica, String method, int status, long latencyNanos) {
        pair(out, "request_id", requestId).append(' ');
        pair(out, "application", application).append(' ');
        pair(out, "route", route).append(' ');
        pair(out, "deployment", deployment).append(' ');
        pair(out, "replica", replica).append(' ');
        pair(out, "method", method).append(' ');
        out.append("status=").append(status).append(' ');
        long micros = Math.max(0, latencyNanos) / 1000;
        long fraction = micros % 1000;
        out.append("latency_ms=").append(micros / 1000).append('.');
        if (fraction < 100) {
            out.append('0');
        }
        if (fraction < 10) {
            out.append('0');
        }
        return out.append(fraction);
    }

    private static StringBuilder pair(StringBuilder out, String key, String value) {
        out.append(key).append('=');
        if (value == null || value.isEmpty()) {
            return out.append('-');
        }
        int length = Math.min(value.length(), MAX_VALUE);
        boolean quote = false;
        for (int i = 0; i < length && !quote; i++) {
            char c = value.charAt(i);
            quote = c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f;
        }
        if (quote) {
            out.append('"');
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < ' ' || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(String.format("%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (value.length() > MAX_VALUE) {
            out.append("...");
        }
        if (quote) {
            out.append('"');
        }
        return out;
    }
}
