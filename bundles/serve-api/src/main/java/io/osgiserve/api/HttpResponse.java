package io.osgiserve.api;

import java.nio.charset.StandardCharsets;

/**
 * A full HTTP answer from a routed deployment. Other return values are written by the ingress as
 * follows: a String as text/plain, a byte[] as application/octet-stream, anything else as JSON.
 */
public final class HttpResponse {
    private final int status;
    private final String contentType;
    private final byte[] body;

    public HttpResponse(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body.clone();
    }

    public static HttpResponse text(int status, String text) {
        return new HttpResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    public byte[] body() {
        return body.clone();
    }
}
