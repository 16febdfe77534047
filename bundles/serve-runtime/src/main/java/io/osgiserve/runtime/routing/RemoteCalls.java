package io.osgiserve.runtime.routing;

import io.osgiserve.node.BadArgumentsException;
import io.osgiserve.node.ReplicaFailedException;
import java.io.IOException;
import java.lang.reflect.Type;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The node's client for calls to replicas on other nodes: one Jetty HttpClient, HTTP/1.1 kept alive,
 * each request with the cluster's token, each answer bounded in size. A call that never reached its
 * replica fails with {@link Unreached} (the router tries another one); a call that was sent and then
 * lost its node fails with {@link ReplicaFailedException} (it may have run: it is not sent again).
 */
public final class RemoteCalls implements AutoCloseable {
    /** The path of one call on a node's internal port. */
    public static final String CALL_PATH = "/internal/v1/replicas/%s/call";

    private final HttpClient client;
    private final Supplier<Optional<String>> token;
    private final int maxAnswerBytes;

    /**
     * @param token the cluster's token (read when needed: the agent may write it after the node started)
     * @param maxAnswerBytes the largest answer read (the internal port's body limit)
     * @param trust whom HTTPS internal ports are trusted as (the JVM's trust store unless told otherwise)
     */
    public RemoteCalls(Supplier<Optional<String>> token, int maxAnswerBytes, SslContextFactory.Client trust) {
        this.token = token;
        this.maxAnswerBytes = maxAnswerBytes;
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("serve-remote-calls");
        threads.setDaemon(true);
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(trust);
        connector.setSelectors(1);
        connector.setConnectTimeout(Duration.ofSeconds(2));
        connector.setIdleTimeout(Duration.ofMinutes(2));
        client = new HttpClient(new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector));
        client.setExecutor(threads);
        client.setFollowRedirects(false);
        client.setUserAgentField(null);
        client.setMaxConnectionsPerDestination(256);
        // a 401 is an answer to report, not a challenge to answer (nor a redirect to follow)
        client.getProtocolHandlers().clear();
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the client for calls between nodes: " + e.getMessage(), e);
        }
    }

    /** Plain HTTP, or HTTPS trusting the JVM's trust store. */
    public RemoteCalls(Supplier<Optional<String>> token, int maxAnswerBytes) {
        this(token, maxAnswerBytes, new SslContextFactory.Client());
    }

    /** The underlying client (for the code fetcher's digest downloads and benchmarks). */
    HttpClient client() {
        return client;
    }

    /**
     * Calls {@code method} on {@code ref}'s replica; the result is read as {@code resultType} (null: plain
     * JSON values).
     */
    CompletableFuture<Object> call(RemoteReplicaRef ref, String method, Object[] args, String requestId,
            Type resultType) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        byte[] body;
        try {
            body = CallCodec.request(method, args, requestId);
        } catch (IOException | RuntimeException e) {
            done.completeExceptionally(new BadArgumentsException("the arguments of " + method + " for "
                    + ref.deployment() + " cannot be written as JSON: " + CallCodec.firstLine(e.getMessage())));
            return done;
        }
        if (body.length > maxAnswerBytes) {
            done.completeExceptionally(new BadArgumentsException("the arguments of " + method + " for "
                    + ref.deployment() + " are " + body.length + " bytes of JSON, over the internal body limit of "
                    + maxAnswerBytes));
            return done;
        }
        URI uri = ref.internalBase().resolve(String.format(CALL_PATH,
                URLEncoder.encode(ref.replicaId(), StandardCharsets.UTF_8)));
        AtomicBoolean committed = new AtomicBoolean();
        Request request = client.newRequest(uri).method(HttpMethod.POST)
                .body(new BytesRequestContent("application/json", body))
                .onRequestCommit(r -> committed.set(true));
        token.get().ifPresent(t -> request.headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + t)));
        request.send(new BufferingResponseListener(maxAnswerBytes) {
            @Override
            public void onComplete(Result result) {
                try {
                    if (result.isFailed()) {
                        done.completeExceptionally(failure(ref, result.getFailure(), committed.get()));
                    } else {
                        answer(ref, result.getResponse().getStatus(), getContent(), resultType, done);
                    }
                } catch (Throwable t) {
                    done.completeExceptionally(new ReplicaFailedException(ref.deployment(), t));
                }
            }
        });
        return done;
    }

    private static Throwable failure(RemoteReplicaRef ref, Throwable f, boolean committed) {
        if (!committed || isConnectFailure(f)) {
            return new Unreached(Unreached.Reason.DOWN, "node " + ref.nodeId() + " did not take the call: "
                    + CallCodec.firstLine(f.toString()), f);
        }
        return new ReplicaFailedException(ref.deployment(), new IOException("the call to replica " + ref.replicaId()
                + " on node " + ref.nodeId() + " failed after it was sent: " + CallCodec.firstLine(f.toString()), f));
    }

    private static boolean isConnectFailure(Throwable f) {
        for (Throwable t = f; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static void answer(RemoteReplicaRef ref, int status, byte[] body, Type resultType,
            CompletableFuture<Object> done) throws IOException {
        switch (status) {
            case 200 -> done.complete(CallCodec.readValue(body, resultType));
            case 404 -> done.completeExceptionally(new Unreached(Unreached.Reason.GONE, "node " + ref.nodeId()
                    + " no longer runs replica " + ref.replicaId(), null));
            case 503 -> done.completeExceptionally(new Unreached(Unreached.Reason.FULL, "replica " + ref.replicaId()
                    + " on node " + ref.nodeId() + " is full", null));
            case 400 -> done.completeExceptionally(new BadArgumentsException(CallCodec.readError(body)[2]));
            case 500 -> {
                String[] e = CallCodec.readError(body);
                done.completeExceptionally(new ReplicaFailedException(ref.deployment(), new RemoteFailure(e[1], e[2], ref.nodeId())));
            }
            default -> done.completeExceptionally(new ReplicaFailedException(ref.deployment(),
                    new IOException("node " + ref.nodeId() + " answered HTTP " + status
                            + (status == 401 ? " (it does not take this node's cluster token)" : ""))));
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // stopping: nothing to do about it
        }
    }

    /** The user's exception on the other node, by its class name and message (never the object itself). */
    public static final class RemoteFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String type;

        RemoteFailure(String type, String message, String node) {
            super(type + ": " + message + " (on node " + node + ")", null, false, false);
            this.type = type;
        }

        /** The class name of the user's exception. */
        public String type() {
            return type;
        }
    }
}
