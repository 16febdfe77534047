package io.osgiserve.http.jetty;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers by itself (malformed requests, headers too large, a handler that failed):
 * one line of JSON, never an HTML page or a stack trace.
 */
final class OneLineErrors extends ErrorHandler {

    OneLineErrors() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        Reply.error(code, describe(code)).send(response, callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(Reply.JSON);
        Reply reply = Reply.error(status, describe(status));
        fields.put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        return ByteBuffer.wrap(reply.body());
    }

    /** The status and its standard reason; Jetty's own messages can name internals, so they stay out. */
    private static String describe(int code) {
        String reason = HttpStatus.getMessage(code);
        return reason == null ? Integer.toString(code) : code + " " + reason;
    }
}
