package io.osgiserve.runtime.routing;

import io.osgiserve.node.BadArgumentsException;
import io.osgiserve.node.InternalCalls;
import io.osgiserve.node.OverloadedException;
import io.osgiserve.node.ReplicaFailedException;
import io.osgiserve.runtime.replica.Replica;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The owner's side of a call from another node: finds the replica, takes one of its
 * max_concurrent_queries slots (503 when it holds them all: the caller tries another replica), converts
 * the JSON arguments to the method's parameter types, calls it, and writes the result as JSON.
 */
public final class ReplicaCalls implements InternalCalls {
    private static final Logger LOG = Logger.getLogger(ReplicaCalls.class.getName());

    private final LocalReplicas replicas;
    private final Function<String, Optional<Path>> code;

    /** @param code the file of a code digest in this node's code cache, if it holds it */
    public ReplicaCalls(LocalReplicas replicas, Function<String, Optional<Path>> code) {
        this.replicas = replicas;
        this.code = code;
    }

    @Override
    public Optional<Path> code(String sha256Hex) {
        return code.apply(sha256Hex);
    }

    @Override
    public CompletableFuture<Answer> call(String replicaId, byte[] body) {
        LocalReplicas.Entry e = replicas.get(replicaId);
        if (e == null) {
            return done(404, CallCodec.error("gone", "", "no routable replica " + replicaId + " on this node"));
        }
        CallCodec.Request request;
        try {
            request = CallCodec.readRequest(body);
        } catch (IllegalArgumentException bad) {
            return done(400, CallCodec.error("bad_arguments", "", bad.getMessage()));
        }
        if (LIFECYCLE.contains(request.method()) || OBJECT_METHODS.contains(request.method())) {
            // the node runs a replica's lifecycle; another node only calls what its handles call
            return done(400, CallCodec.error("bad_arguments", "", request.method()
                    + " is not a method other nodes may call: it belongs to the replica's lifecycle or to Object"));
        }
        Replica r = e.replica();
        if (!r.tryAcquire(e.router().maxConcurrentQueries())) {
            return done(503, CallCodec.error("overloaded", "", "replica " + replicaId + " holds max_concurrent_queries="
                    + e.router().maxConcurrentQueries() + " requests"));
        }
        Object[] args;
        try {
            Object instance = r.instance();
            args = CallCodec.arguments(request, instance == null ? null
                    : find(instance.getClass(), request.method(), request.arity()));
        } catch (RuntimeException bad) {
            r.release();
            return done(400, CallCodec.error("bad_arguments", "", bad.getMessage()));
        }
        return r.invoke(request.method(), args, request.requestId()).handle((value, failure) -> {
            if (failure == null) {
                try {
                    return new Answer(200, CallCodec.value(value));
                } catch (Exception notJson) {
                    return new Answer(500, CallCodec.error("user", notJson.getClass().getName(),
                            "the result of " + request.method() + " cannot be written as JSON: "
                                    + CallCodec.firstLine(notJson.getMessage())));
                }
            }
            Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (t instanceof BadArgumentsException) {
                return new Answer(400, CallCodec.error("bad_arguments", "", t.getMessage()));
            }
            if (t instanceof OverloadedException) {
                return new Answer(503, CallCodec.error("overloaded", "", t.getMessage()));
            }
            Throwable user = t instanceof ReplicaFailedException && t.getCause() != null ? t.getCause() : t;
            LOG.log(Level.FINE, "a call from another node to replica " + replicaId + " failed", user);
            return new Answer(500, CallCodec.error("user", user.getClass().getName(),
                    CallCodec.firstLine(String.valueOf(user.getMessage()))));
        });
    }

    private static final java.util.Set<String> LIFECYCLE = java.util.Set.of("reconfigure", "checkHealth", "close");
    private static final java.util.Set<String> OBJECT_METHODS = java.util.Arrays.stream(Object.class.getMethods())
            .map(Method::getName).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static Method find(Class<?> type, String name, int arity) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == arity && !Modifier.isStatic(m.getModifiers())) {
                return m;
            }
        }
        return null;
    }

    private static CompletableFuture<Answer> done(int status, byte[] json) {
        return CompletableFuture.completedFuture(new Answer(status, json));
    }
}
