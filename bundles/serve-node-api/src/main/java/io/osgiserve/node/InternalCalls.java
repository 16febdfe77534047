package io.osgiserve.node;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What a node offers other nodes of its cluster on its internal port (the runtime implements it, the
 * HTTP bundle serves it): one call to one of its replicas, and code bytes by content digest. Bodies are
 * JSON, never Java serialization; the HTTP bundle bounds their size and checks the cluster's token first.
 */
public interface InternalCalls {

    /** An answer to write: its HTTP status and its JSON body. */
    record Answer(int status, byte[] json) {
    }

    /**
     * Calls replica {@code replicaId} of this node with the JSON request {@code body}. Completes with 200
     * and the result, 404 (no such routable replica here), 503 (the replica holds max_concurrent_queries),
     * 400 (the arguments fit no method) or 500 (the user's code threw); never exceptionally.
     */
    CompletableFuture<Answer> call(String replicaId, byte[] body);

    /** The file of the code whose SHA-256 is {@code sha256Hex} (64 lowercase hex digits), if this node holds it. */
    Optional<Path> code(String sha256Hex);
}
