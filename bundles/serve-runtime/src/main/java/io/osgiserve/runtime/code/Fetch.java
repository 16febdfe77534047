package io.osgiserve.runtime.code;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One fetch of one URI: its deadline, its share of the zip limits, and the lease that keeps what it
 * stored on disk. Every loop that reads goes through {@link #copy}, which checks the size limit, the
 * deadline and the thread's interrupt between chunks, so a fetch stops at its limits and promptly when
 * it is cancelled, holding one buffer of memory whatever the source sends.
 */
final class Fetch {
    private static final int CHUNK = 64 * 1024;

    final String uri;
    final FetchLimits limits;
    final CodeCache cache;
    final CodeCache.Lease lease;
    private final long deadline;
    /** The digest of the last whole file this fetch read (what other nodes may fetch by content). */
    String topDigest;
    private long inflated;
    private long stored;

    Fetch(String uri, FetchLimits limits, CodeCache cache, CodeCache.Lease lease) {
        this.uri = uri;
        this.limits = limits;
        this.cache = cache;
        this.lease = lease;
        this.deadline = System.nanoTime() + limits.timeout().toNanos();
    }

    /** Thrown by a read that waited until the deadline. */
    static final class TimeUp extends IOException {
        private static final long serialVersionUID = 1L;
    }

    long remainingNanos() {
        return deadline - System.nanoTime();
    }

    void checkTime() throws CodeException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("fetching " + uri + " was cancelled");
        }
        if (remainingNanos() <= 0) {
            throw timeLimit();
        }
    }

    CodeException timeLimit() {
        return CodeException.refused("runtime_env: fetching " + uri + " took longer than the time limit of "
                + FetchLimits.time(limits.timeout()) + " (serve.code.fetch_timeout)");
    }

    CodeException tooLarge(String what) {
        return CodeException.refused("runtime_env: " + what + " is larger than the size limit of "
                + FetchLimits.size(limits.maxArtifactBytes()) + " (serve.code.max_artifact_size)");
    }

    CodeException inflatesTooMuch(String what) {
        return CodeException.refused("runtime_env: " + what + " inflates to more than "
                + FetchLimits.size(limits.zipMaxUncompressedBytes()) + " (serve.code.zip.max_uncompressed)");
    }

    /** Reads {@code in} into the cache, at most the artifact size limit; {@code what} names it in messages. */
    Stored store(InputStream in, String what, boolean fromArchive) throws CodeException, InterruptedException, IOException {
        Path temp = cache.temporaryFile();
        boolean done = false;
        try {
            MessageDigest sha = sha256();
            long size;
            try (OutputStream out = Files.newOutputStream(temp)) {
                size = copy(in, out, sha, what, fromArchive);
            }
            if (stored + size > limits.cacheMaxBytes()) {
                throw CodeException.refused("runtime_env: the code of " + uri + " is larger than the code cache ("
                        + FetchLimits.size(limits.cacheMaxBytes()) + ", serve.code.cache.max_size)");
            }
            stored += size;
            String digest = HexFormat.of().formatHex(sha.digest());
            Path file = cache.commit(temp, digest, lease);
            done = true;
            return new Stored(file, digest, size);
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Reads {@code in} to its end, counting what it inflates, keeping nothing. */
    void drain(InputStream in, String what) throws CodeException, InterruptedException, IOException {
        copy(in, null, null, what, true);
    }

    /** Reads {@code in} into memory: for manifests, at most {@code max} bytes. */
    byte[] readSmall(InputStream in, int max, String what) throws CodeException, InterruptedException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = read(in, buffer)) != -1;) {
            countInflated(n, what);
            if (out.size() + n > max) {
                throw CodeException.refused("runtime_env: " + what + " is larger than " + FetchLimits.size(max));
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private long copy(InputStream in, OutputStream out, MessageDigest sha, String what, boolean fromArchive)
            throws CodeException, InterruptedException, IOException {
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        for (int n; (n = read(in, buffer)) != -1;) {
            total += n;
            if (fromArchive) {
                countInflated(n, what);
            }
            if (out != null && total > limits.maxArtifactBytes()) {
                throw tooLarge(what);
            }
            if (out != null) {
                out.write(buffer, 0, n);
                sha.update(buffer, 0, n);
            }
        }
        return total;
    }

    private void countInflated(int n, String what) throws CodeException {
        inflated += n;
        if (inflated > limits.zipMaxUncompressedBytes()) {
            throw inflatesTooMuch(what);
        }
    }

    /** One read, after checking the deadline and the interrupt; a read cut by either says which. */
    private int read(InputStream in, byte[] buffer) throws CodeException, InterruptedException, IOException {
        checkTime();
        try {
            return in.read(buffer);
        } catch (TimeUp | SocketTimeoutException e) {
            throw timeLimit();
        } catch (InterruptedIOException | ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedException("fetching " + uri + " was cancelled");
        }
    }

    /** Counts one archive entry against the limit. */
    void countEntry(int entries, String what) throws CodeException {
        if (entries > limits.zipMaxEntries()) {
            throw CodeException.refused("runtime_env: " + what + " holds more than " + limits.zipMaxEntries()
                    + " entries (serve.code.zip.max_entries)");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
