package io.osgiserve.runtime.code;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Fetched code on disk, one file per content (named by its SHA-256), bounded in size: when the files
 * pass the bound, the least recently used ones go, except those a {@link Lease} holds (an install in
 * progress). Safe for concurrent fetches: files are written under a temporary name and moved into
 * place; the same content written twice is one file.
 */
public final class CodeCache {
    private static final String TEMP_PREFIX = "tmp-";

    private final Path dir;
    private final long maxBytes;
    private final Map<String, Integer> pins = new HashMap<>();
    private long total;

    public CodeCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    if (f.getFileName().toString().startsWith(TEMP_PREFIX)) {
                        Files.deleteIfExists(f); // left by a fetch the last run did not finish
                    } else {
                        total += Files.size(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + dir + " as the code cache", e);
        }
    }

    public Path directory() {
        return dir;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Bytes the cache holds now. */
    public synchronized long size() {
        return total;
    }

    /** The file of the content whose SHA-256 is {@code hex} (64 lowercase hex digits), if the cache holds it. */
    public java.util.Optional<Path> file(String hex) {
        if (hex == null || !hex.matches("[0-9a-f]{64}")) {
            return java.util.Optional.empty();
        }
        Path target = dir.resolve(hex);
        return Files.isRegularFile(target) ? java.util.Optional.of(target) : java.util.Optional.empty();
    }

    /** A new lease: what is stored or found through it stays on disk until it is closed. */
    public Lease lease() {
        return new Lease();
    }

    Path temporaryFile() throws IOException {
        return Files.createFile(dir.resolve(TEMP_PREFIX + UUID.randomUUID()));
    }

    /** Moves a written temporary file to its digest's name, held by {@code lease}. */
    Path commit(Path temp, String digest, Lease lease) throws IOException {
        Path target = dir.resolve(digest);
        synchronized (this) {
            lease.pin(digest);
            if (Files.exists(target)) {
                Files.delete(temp);
                touch(target);
            } else {
                long size = Files.size(temp);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                total += size;
            }
            evict();
        }
        return target;
    }

    /** The file of {@code digest}, held by {@code lease}, or null when it was evicted. */
    Path find(String digest, Lease lease) {
        Path target = dir.resolve(digest);
        synchronized (this) {
            if (!Files.isRegularFile(target)) {
                return null;
            }
            lease.pin(digest);
            touch(target);
        }
        return target;
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // only the eviction order suffers
        }
    }

    /** Least recently used first, until the bound holds; held files stay. Called with the lock held. */
    private void evict() throws IOException {
        if (total <= maxBytes) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (Path f : all) {
                String name = f.getFileName().toString();
                if (!name.startsWith(TEMP_PREFIX) && !pins.containsKey(name)) {
                    files.add(f);
                }
            }
        }
        files.sort(Comparator.comparing(CodeCache::lastModified));
        for (Path f : files) {
            if (total <= maxBytes) {
                break;
            }
            try {
                long size = Files.size(f);
                Files.delete(f);
                total -= size;
            } catch (NoSuchFileException e) {
                // gone already
            }
        }
    }

    private static FileTime lastModified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Holds the files of one install on disk until closed; not for use by several threads. */
    public final class Lease implements AutoCloseable {
        private final List<String> held = new ArrayList<>();
        private boolean closed;

        private void pin(String digest) {
            if (closed) {
                throw new IllegalStateException("the lease is closed");
            }
            held.add(digest);
            pins.merge(digest, 1, Integer::sum);
        }

        @Override
        public void close() {
            synchronized (CodeCache.this) {
                if (closed) {
                    return;
                }
                closed = true;
                for (String digest : held) {
                    pins.computeIfPresent(digest, (d, n) -> n == 1 ? null : n - 1);
                }
                try {
                    evict();
                } catch (IOException e) {
                    // the next store evicts again
                }
            }
        }
    }
}
