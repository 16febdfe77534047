package io.osgiserve.http.jetty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A whole HTTP answer, built before anything is written so that a failure while building it can
 * still become a clean error answer.
 */
public record Reply(int status, HttpField contentType, byte[] body, List<HttpField> headers) {

    public static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    public static final HttpField TEXT =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    public static final HttpField OCTETS =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/octet-stream");

    private static final byte[] NO_BYTES = new byte[0];

    /** 200 with an empty body, as Ray's agent answers a PUT or DELETE. */
    public static Reply empty() {
        return new Reply(200, null, NO_BYTES, List.of());
    }

    public static Reply text(int status, String text) {
        return new Reply(status, TEXT, text.getBytes(StandardCharsets.UTF_8), List.of());
    }

    /** Writes {@code value} as JSON; a value that cannot be written throws (the caller answers 500). */
    public static Reply json(int status, Object value, ObjectWriter writer) throws JsonProcessingException {
        return new Reply(status, JSON, writer.writeValueAsBytes(value), List.of());
    }

    /** {@code {"error": "<message>"}}: the shape of every error this bundle writes as JSON. */
    public static Reply error(int status, String message) {
        try {
            return json(status, Map.of("error", message), JsonWriters.COMPACT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a one-entry map of strings is always JSON", e);
        }
    }

    public Reply withHeader(HttpField header) {
        HttpField[] all = headers.toArray(new HttpField[headers.size() + 1]);
        all[headers.size()] = header;
        return new Reply(status, contentType, body, List.of(all));
    }

    /** Writes the answer, completing {@code callback} when it is on the wire (or failed). */
    public void send(Response response, Callback callback) {
        response.setStatus(status);
        HttpFields.Mutable fields = response.getHeaders();
        if (contentType != null) {
            fields.put(contentType);
        }
        for (HttpField header : headers) {
            fields.put(header);
        }
        fields.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The first line of a throwable's message, or its class name when it has none. */
    public static String oneLine(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
