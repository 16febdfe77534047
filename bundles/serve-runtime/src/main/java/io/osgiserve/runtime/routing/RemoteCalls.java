package io.osgiserve.runtime.routing;

import io.osgiserve.node.BadArgumentsException;
import io.osgiserve.node.ReplicaFailedException;
import io.osgiserve.node.TimedOutException;
import java.io.IOException;
import java.lang.reflect.Type;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
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
 * each request with the cluster's token, each answer bounded in size and in time.
 *
 * <p>What is tried again elsewhere is only what provably never reached user code: a refused connection,
 * a call that failed before Jetty began to write it (it waited for a connection), a 503 (full) or 404 (not
 * here) from the owner. Those fail with {@link Unreached} and the router tries another replica. Once a
 * byte may have left, a closed connection or no answer within the call timeout means the call may have
 * run (Jetty's own "request failed" and "committed" flags race with a fast close, so they prove nothing):
 * it fails ({@link ReplicaFailedException}, {@link TimedOutException}: 504) and is not sent again.
 *
 * <p>A node whose connection failed (refused, closed, silent past the timeout) takes no call from this
 * node for a second ({@link #takesCalls}): the calls that follow go to other nodes at once instead of
 * finding out one by one, until the cluster's membership drops the node or a later call finds it back.
 */
public final class RemoteCalls implements AutoCloseable {
    /** The path of one call on a node's internal port. */
    public static final String CALL_PATH = "/internal/v1/replicas/%s/call";

    private final HttpClient client;
    private final Supplier<Optional<String>> token;
    private final int maxAnswerBytes;
    private final Duration callTimeout;
    /** Node id to the System.nanoTime() until which it takes no call from this node. */
    private final Map<String, Long> downUntil = new ConcurrentHashMap<>();

    /** How long a node that failed a connection is left alone before a call tries it again. */
    static final long NODE_DOWN_NANOS = 1_000_000_000L;
    /** The call timeout when none is given (serve.internal.call_timeout's default). */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param token the cluster's token (read when needed: the agent may write it after the node started)
     * @param maxAnswerBytes the largest answer read (the internal port's body limit)
     * @param trust whom HTTPS internal ports are trusted as (the JVM's trust store unless told otherwise)
     * @param callTimeout longest a call waits for its answer (serve.internal.call_timeout)
     */
    public RemoteCalls(Supplier<Optional<String>> token, int maxAnswerBytes, SslContextFactory.Client trust,
            Duration callTimeout) {
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("the call timeout between nodes must be positive, not " + callTimeout);
        }
        this.token = token;
        this.maxAnswerBytes = maxAnswerBytes;
        this.callTimeout = callTimeout;
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

    /** With the default call timeout. */
    public RemoteCalls(Supplier<Optional<String>> token, int maxAnswerBytes, SslContextFactory.Client trust) {
        this(token, maxAnswerBytes, trust, DEFAULT_CALL_TIMEOUT);
    }

    /** Plain HTTP, or HTTPS trusting the JVM's trust store, with the given call timeout. */
    public RemoteCalls(Supplier<Optional<String>> token, int maxAnswerBytes, Duration callTimeout) {
        this(token, maxAnswerBytes, new SslContextFactory.Client(), callTimeout);
    }

    /** Plain HTTP, or HTTPS trusting the JVM's trust store. */
    public RemoteCalls(Supplier<Optional<String>> token, int maxAnswerBytes) {
        this(token, maxAnswerBytes, DEFAULT_CALL_TIMEOUT);
    }

    /**
     * The call timeout a node's settings give ({@code serve.internal.call_timeout}).
     *
     * @throws IllegalArgumentException one line naming the key, outside 1 ms to 1 h
     */
    public static Duration callTimeout(io.osgiserve.config.NodeSettings settings) {
        Duration d = settings.duration(io.osgiserve.config.NodeSettings.INTERNAL_CALL_TIMEOUT);
        if (d.toMillis() < 1 || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException(io.osgiserve.config.NodeSettings.INTERNAL_CALL_TIMEOUT.key()
                    + " must be between 1ms and 1h, not " + settings.text(io.osgiserve.config.NodeSettings.INTERNAL_CALL_TIMEOUT));
        }
        return d;
    }

    /** Whether calls go to {@code nodeId} now (false for a second after its connection failed). */
    boolean takesCalls(String nodeId) {
        Long until = downUntil.get(nodeId);
        if (until == null) {
            return true;
        }
        if (System.nanoTime() - until < 0) {
            return false;
        }
        downUntil.remove(nodeId, until);
        return true;
    }

    private void down(String nodeId) {
        downUntil.put(nodeId, System.nanoTime() + NODE_DOWN_NANOS);
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
        java.util.concurrent.atomic.AtomicBoolean begun = new java.util.concurrent.atomic.AtomicBoolean();
        Request request = client.newRequest(uri).method(HttpMethod.POST)
                .timeout(callTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .body(new BytesRequestContent("application/json", body))
                .onRequestBegin(r -> begun.set(true));
        token.get().ifPresent(t -> request.headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + t)));
        request.send(new BufferingResponseListener(maxAnswerBytes) {
            @Override
            public void onComplete(Result result) {
                try {
                    if (result.isFailed()) {
                        done.completeExceptionally(failure(ref, result, begun.get()));
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

    /** What a failed exchange means for the caller (see the class comment: only the unsent is tried again). */
    private Throwable failure(RemoteReplicaRef ref, Result result, boolean begun) {
        Throwable f = result.getFailure();
        boolean answered = result.getResponse() != null && result.getResponse().getStatus() > 0;
        if (has(f, ConnectException.class) || !begun) {
            // not a byte of the call left this node: nothing ran
            down(ref.nodeId());
            return new Unreached(Unreached.Reason.DOWN, "node " + ref.nodeId() + " did not take the call: "
                    + CallCodec.firstLine(f.toString()), f);
        }
        if (has(f, TimeoutException.class)) {
            down(ref.nodeId());
            return new TimedOutException("node " + ref.nodeId() + " did not answer the call to replica " + ref.replicaId()
                    + " within " + callTimeout.toMillis() / 1000.0 + " s (serve.internal.call_timeout)");
        }
        if (!answered) {
            down(ref.nodeId());
        }
        return new ReplicaFailedException(ref.deployment(), new IOException("the call to replica " + ref.replicaId()
                + " on node " + ref.nodeId() + " failed after it was sent (it may have run, so it is not sent again): "
                + CallCodec.firstLine(f.toString()), f));
    }

    private static boolean has(Throwable f, Class<? extends Throwable> type) {
        for (Throwable t = f; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
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

    /** Whether a connection to {@code base}'s node is still pooled (a stopped node's close reaches the pool a moment later). */
    boolean pools(URI base) {
        return client.getDestinations().stream()
                .filter(d -> d.getOrigin().getAddress().getPort() == base.getPort())
                .anyMatch(d -> !d.getConnectionPool().isEmpty());
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
