package io.osgiserve.http.ingress;

import io.osgiserve.http.jetty.Reply;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads one request body as it arrives, holding no thread while it waits: every chunk is reserved
 * from the node-wide {@link BufferBudget} (503 when it does not fit), the body may not exceed the
 * largest one allowed (413) nor take longer than the body timeout (408). Once whole, the body goes
 * to the receiver with a callback that gives its bytes back when the answer is written.
 */
final class BodyReader implements Runnable {

    /** Takes a whole body; completing {@code callback} ends the exchange and frees the body's bytes. */
    interface Receiver {
        void received(byte[] body, Callback callback);
    }

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final IngressLimits limits;
    private final BufferBudget budget;
    private final Receiver receiver;
    /** Set once by whoever ends the read: the whole body, an error answer, or the timeout. */
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicLong reserved = new AtomicLong();
    private byte[] buffer;
    private int size;
    private volatile Scheduler.Task timeout;

    private BodyReader(Request request, Response response, Callback callback, IngressLimits limits,
            BufferBudget budget, Receiver receiver) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.limits = limits;
        this.budget = budget;
        this.receiver = receiver;
    }

    static void read(Request request, Response response, Callback callback, IngressLimits limits, BufferBudget budget,
            Receiver receiver) {
        BodyReader reader = new BodyReader(request, response, callback, limits, budget, receiver);
        reader.run();
        if (!reader.finished.get()) {
            // Only a body that did not come with its headers pays for a timer.
            reader.timeout = request.getComponents().getScheduler()
                    .schedule(reader::timedOut, limits.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (reader.finished.get()) {
                reader.timeout.cancel();
            }
        }
    }

    /** Reads what has arrived; Jetty calls it again (on a pooled thread) when more is there. */
    @Override
    public void run() {
        while (!finished.get()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                // Not an Invocable, so Jetty runs it on a pooled thread, never on a selector.
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                failed(chunk.getFailure());
                return;
            }
            boolean last = chunk.isLast();
            boolean kept;
            try {
                kept = keep(chunk.getByteBuffer());
            } finally {
                chunk.release();
            }
            if (!kept) {
                return;
            }
            if (last) {
                completed();
                return;
            }
        }
    }

    private boolean keep(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (n == 0) {
            return true;
        }
        if (size + (long) n > limits.maxBody()) {
            answer(tooLarge(limits));
            return false;
        }
        if (!budget.tryReserve(n)) {
            answer(overBudget(budget));
            return false;
        }
        reserved.addAndGet(n);
        if (finished.get()) {
            // The timeout ended the read while this chunk was being reserved.
            budget.release(reserved.getAndSet(0));
            return false;
        }
        ensureRoom(n);
        bytes.get(buffer, size, n);
        size += n;
        return true;
    }

    /**
     * Doubles, capped at the declared length (so the last array is the body): never more than twice
     * what arrived, as a client that declares 16 MiB and sends a byte must not make the node allocate 16 MiB.
     */
    private void ensureRoom(int n) {
        int needed = size + n;
        if (buffer != null && buffer.length >= needed) {
            return;
        }
        long declared = request.getLength();
        long cap = declared >= needed ? declared : limits.maxBody();
        int capacity = (int) Math.min(cap, Math.max(needed, buffer == null ? needed : 2L * buffer.length));
        buffer = buffer == null ? new byte[capacity] : Arrays.copyOf(buffer, capacity);
    }

    private void completed() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        cancelTimeout();
        byte[] body = buffer == null ? new byte[0] : buffer.length == size ? buffer : Arrays.copyOf(buffer, size);
        receiver.received(body, new Callback() {
            @Override
            public void succeeded() {
                budget.release(reserved.getAndSet(0));
                callback.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                budget.release(reserved.getAndSet(0));
                callback.failed(failure);
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        });
    }

    private void timedOut() {
        answer(Reply.error(408, "the request body did not arrive within " + limits.bodyTimeout().toMillis()
                + " ms (the node's serve.http.body_timeout)"));
    }

    private void failed(Throwable failure) {
        if (failure instanceof TimeoutException) {
            // Jetty's idle timeout, while the client sent nothing more.
            answer(Reply.error(408, "the client sent nothing for " + limits.idleTimeout().toMillis()
                    + " ms (the node's serve.http.idle_timeout)"));
        } else if (finished.compareAndSet(false, true)) {
            cancelTimeout();
            budget.release(reserved.getAndSet(0));
            callback.failed(failure);
        }
    }

    private void answer(Reply reply) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        cancelTimeout();
        budget.release(reserved.getAndSet(0));
        reply.send(response, callback);
    }

    private void cancelTimeout() {
        Scheduler.Task task = timeout;
        if (task != null) {
            task.cancel();
        }
    }

    static Reply tooLarge(IngressLimits limits) {
        return Reply.error(413, "the request body is over " + limits.maxBody()
                + " bytes, the most the ingress takes (the node's serve.http.max_body_bytes)");
    }

    static Reply overBudget(BufferBudget budget) {
        return Reply.error(503, "the ingress holds as many request body bytes as it may (" + budget.limit()
                + ", the node's serve.http.max_buffered_bytes); retry later").withHeader(Results.RETRY_AFTER);
    }
}
