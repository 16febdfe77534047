package io.osgiserve.runtime.replica;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.metrics.AccessLog;
import io.osgiserve.node.RequestIds;
import org.slf4j.MDC;

/**
 * What user code's SLF4J lines carry while a replica runs it: the replica id ({@value AccessLog#MDC_REPLICA})
 * and, during a request, the request id ({@value AccessLog#MDC_REQUEST_ID}) in the MDC of the thread; the
 * thread's own values come back afterwards (the threads are pooled).
 */
public final class LogContext {

    private LogContext() {
    }

    /** The request id of a call: the caller's, else the HTTP request's (the ingress gave it one), else a new one. */
    static String requestId(String fromCaller, Object[] args) {
        if (fromCaller != null) {
            return fromCaller;
        }
        if (args.length == 1 && args[0] instanceof HttpRequest r) {
            return RequestIds.of(r.headers().get(RequestIds.HEADER));
        }
        return RequestIds.newId();
    }

    /** The request id of the user code running on this thread (a call it makes carries it on), or null. */
    public static String currentRequestId() {
        return MDC.get(AccessLog.MDC_REQUEST_ID);
    }

    /** Runs {@code step} with the replica id (and the request id, when not null) in the MDC. */
    static void run(String replica, String requestId, Runnable step) {
        String oldReplica = MDC.get(AccessLog.MDC_REPLICA);
        String oldRequest = MDC.get(AccessLog.MDC_REQUEST_ID);
        set(AccessLog.MDC_REPLICA, replica);
        set(AccessLog.MDC_REQUEST_ID, requestId);
        try {
            step.run();
        } finally {
            set(AccessLog.MDC_REPLICA, oldReplica);
            set(AccessLog.MDC_REQUEST_ID, oldRequest);
        }
    }

    private static void set(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
