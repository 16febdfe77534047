package io.osgiserve.http.ingress;

import io.osgiserve.config.NodeSettings;
import java.time.Duration;

/**
 * What the ingress lets one request, and all of them together, hold: read once from the node's
 * settings when the ingress starts.
 *
 * @param maxBody the largest request body a deployment is handed (413 past it)
 * @param maxBuffered body bytes held at once by all requests together (503 past it)
 * @param idleTimeout a connection silent this long is closed
 * @param bodyTimeout the longest a request body may take to arrive (408 past it)
 * @param debugErrors whether a 500 shows the exception's text (else a request id that the log has)
 */
public record IngressLimits(long maxBody, long maxBuffered, Duration idleTimeout, Duration bodyTimeout,
        boolean debugErrors) {

    public IngressLimits {
        if (maxBody > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(NodeSettings.HTTP_MAX_BODY.key()
                    + ": a request body is held in one array, so at most 2047m");
        }
        if (idleTimeout.isZero() || idleTimeout.isNegative() || bodyTimeout.isZero() || bodyTimeout.isNegative()) {
            throw new IllegalArgumentException(NodeSettings.HTTP_IDLE_TIMEOUT.key() + " and "
                    + NodeSettings.HTTP_BODY_TIMEOUT.key() + " must be longer than 0");
        }
    }

    /** The limits the settings give; a setting that does not parse throws naming its key. */
    public static IngressLimits from(NodeSettings settings) {
        return new IngressLimits(
                settings.bytes(NodeSettings.HTTP_MAX_BODY),
                settings.bytes(NodeSettings.HTTP_MAX_BUFFERED),
                settings.duration(NodeSettings.HTTP_IDLE_TIMEOUT),
                settings.duration(NodeSettings.HTTP_BODY_TIMEOUT),
                settings.flag(NodeSettings.HTTP_DEBUG_ERRORS));
    }

    /** Every setting at its default. */
    public static IngressLimits defaults() {
        return from(NodeSettings.from(key -> null));
    }

    public IngressLimits withMaxBuffered(long bytes) {
        return new IngressLimits(maxBody, bytes, idleTimeout, bodyTimeout, debugErrors);
    }

    public IngressLimits withTimeouts(Duration idle, Duration body) {
        return new IngressLimits(maxBody, maxBuffered, idle, body, debugErrors);
    }

    public IngressLimits withDebugErrors(boolean debug) {
        return new IngressLimits(maxBody, maxBuffered, idleTimeout, bodyTimeout, debug);
    }
}
