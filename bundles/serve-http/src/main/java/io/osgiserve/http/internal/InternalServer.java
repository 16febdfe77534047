package io.osgiserve.http.internal;

import io.osgiserve.config.NodeToken;
import io.osgiserve.http.jetty.BoundServer;
import io.osgiserve.http.jetty.Reply;
import io.osgiserve.http.jetty.Tls;
import io.osgiserve.node.InternalCalls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The node's internal port: what other nodes of the cluster call. Every request needs the node's token
 * (the cluster's: {@code Authorization: Bearer}, compared in constant time), else 401 before anything is
 * read. {@code POST /internal/v1/replicas/{id}/call} takes a JSON call of at most the body limit (413
 * past it, counted as bytes arrive) and answers as {@link InternalCalls} says; {@code GET
 * /internal/v1/code/{sha256}} streams code bytes this node holds. HTTPS when TLS is given.
 */
public final class InternalServer {
    static final String CALL_PREFIX = "/internal/v1/replicas/";
    static final String CALL_SUFFIX = "/call";
    static final String CODE_PREFIX = "/internal/v1/code/";
    private static final int MAX_REPLICA_ID = 200;

    private final BoundServer server;

    private InternalServer(BoundServer server) {
        this.server = server;
    }

    /**
     * Starts listening on {@code host:port} (0: any free port).
     *
     * @throws IOException naming the port when it is taken, or why the server cannot start
     */
    public static InternalServer start(String host, int port, Optional<Tls> tls, NodeToken token, long maxBody,
            InternalCalls calls) throws IOException {
        Handler handler = new InternalHandler(token, maxBody, calls);
        return new InternalServer(BoundServer.start("serve-internal", host, port, handler, BoundServer.Size.FULL, tls,
                Duration.ofMinutes(2)));
    }

    /** Where other nodes reach it: {@code http(s)://host:port}. */
    public URI address() {
        return URI.create(server.scheme() + "://" + hostForUri(server.host()) + ":" + server.port());
    }

    public int port() {
        return server.port();
    }

    public void stop() {
        server.stop();
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static final class InternalHandler extends Handler.Abstract {
        private static final HttpField JSON = Reply.JSON;

        private final NodeToken token;
        private final long maxBody;
        private final InternalCalls calls;

        InternalHandler(NodeToken token, long maxBody, InternalCalls calls) {
            this.token = token;
            this.maxBody = maxBody;
            this.calls = calls;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!admitted(request)) {
                Reply.error(401, "the internal port needs the cluster's token (Authorization: Bearer)")
                        .withHeader(new HttpField(HttpHeader.WWW_AUTHENTICATE, "Bearer")).send(response, callback);
                return true;
            }
            String path = request.getHttpURI().getPath();
            if (path != null && path.startsWith(CALL_PREFIX) && path.endsWith(CALL_SUFFIX)
                    && path.length() > CALL_PREFIX.length() + CALL_SUFFIX.length()) {
                if (!HttpMethod.POST.is(request.getMethod())) {
                    notAllowed("POST", response, callback);
                    return true;
                }
                String id = URLDecoder.decode(path.substring(CALL_PREFIX.length(), path.length() - CALL_SUFFIX.length()),
                        StandardCharsets.UTF_8);
                call(id, request, response, callback);
                return true;
            }
            if (path != null && path.startsWith(CODE_PREFIX)) {
                if (!HttpMethod.GET.is(request.getMethod())) {
                    notAllowed("GET", response, callback);
                    return true;
                }
                code(path.substring(CODE_PREFIX.length()), response, callback);
                return true;
            }
            Reply.error(404, "no such internal endpoint").send(response, callback);
            return true;
        }

        private boolean admitted(Request request) {
            if (!token.required()) {
                return true;
            }
            Optional<String> expected = token.current();
            String given = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            if (expected.isEmpty() || given == null || !given.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return false;
            }
            return MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.UTF_8),
                    given.substring(7).trim().getBytes(StandardCharsets.UTF_8));
        }

        private static void notAllowed(String allow, Response response, Callback callback) {
            Reply.error(405, "method not allowed").withHeader(new HttpField(HttpHeader.ALLOW, allow)).send(response, callback);
        }

        private void call(String replicaId, Request request, Response response, Callback callback) {
            if (replicaId.isEmpty() || replicaId.length() > MAX_REPLICA_ID) {
                Reply.error(404, "no such replica").send(response, callback);
                return;
            }
            if (request.getLength() > maxBody) {
                tooLarge(response, callback);
                return;
            }
            // bytes are counted as they arrive: a chunked body past the limit fails the read at once
            Content.Source.asByteArrayAsync(request, (int) Math.min(maxBody, Integer.MAX_VALUE - 8)).whenComplete((body, failure) -> {
                if (failure != null) {
                    if (Request.getContentBytesRead(request) > maxBody) {
                        tooLarge(response, callback);
                    } else {
                        Reply.error(400, "could not read the call: " + Reply.oneLine(failure)).send(response, callback);
                    }
                    return;
                }
                calls.call(replicaId, body).whenComplete((answer, t) -> {
                    if (t != null) {
                        Reply.error(500, "the call failed on this node: " + Reply.oneLine(t)).send(response, callback);
                    } else {
                        new Reply(answer.status(), JSON, answer.json(), java.util.List.of()).send(response, callback);
                    }
                });
            });
        }

        private void tooLarge(Response response, Callback callback) {
            Reply.error(413, "the call is larger than " + maxBody + " bytes (serve.internal.max_body)")
                    .withHeader(new HttpField(HttpHeader.CONNECTION, "close")).send(response, callback);
        }

        private void code(String digest, Response response, Callback callback) {
            if (!digest.matches("[0-9a-f]{64}")) {
                Reply.error(400, "a code digest is 64 lowercase hex digits (SHA-256)").send(response, callback);
                return;
            }
            Optional<Path> file = calls.code(digest);
            if (file.isEmpty()) {
                Reply.error(404, "this node does not hold code " + digest).send(response, callback);
                return;
            }
            // a blocking handler: Jetty runs it on a pooled thread, so the copy may block
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                response.setStatus(200);
                response.getHeaders().put(Reply.OCTETS);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Files.size(file.get()));
                Files.copy(file.get(), out);
            } catch (IOException e) {
                callback.failed(e);
                return;
            }
            callback.succeeded();
        }
    }
}
