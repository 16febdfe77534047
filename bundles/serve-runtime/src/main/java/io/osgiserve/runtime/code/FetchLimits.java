package io.osgiserve.runtime.code;

import io.osgiserve.config.NodeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The bounds on fetching the code of a runtime_env, each one a node setting (see {@link NodeSettings}).
 *
 * @param allowedFileRoots directories a {@code file:} URI may name when the deploy came from a
 *        non-loopback caller (empty: none)
 */
public record FetchLimits(long maxArtifactBytes, Duration timeout, int maxRedirects, int zipMaxEntries,
        long zipMaxUncompressedBytes, long cacheMaxBytes, List<Path> allowedFileRoots) {

    public FetchLimits {
        allowedFileRoots = allowedFileRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    public static FetchLimits from(NodeSettings s) {
        return new FetchLimits(
                s.bytes(NodeSettings.CODE_MAX_ARTIFACT_SIZE),
                s.duration(NodeSettings.CODE_FETCH_TIMEOUT),
                s.integer(NodeSettings.CODE_MAX_REDIRECTS),
                s.integer(NodeSettings.CODE_ZIP_MAX_ENTRIES),
                s.bytes(NodeSettings.CODE_ZIP_MAX_UNCOMPRESSED),
                s.bytes(NodeSettings.CODE_CACHE_MAX_SIZE),
                s.list(NodeSettings.CODE_FILE_ALLOWED_ROOTS).stream().map(Path::of).toList());
    }

    /** The documented defaults. */
    public static FetchLimits defaults() {
        return from(NodeSettings.from(key -> null));
    }

    public FetchLimits withMaxArtifactBytes(long bytes) {
        return new FetchLimits(bytes, timeout, maxRedirects, zipMaxEntries, zipMaxUncompressedBytes, cacheMaxBytes,
                allowedFileRoots);
    }

    public FetchLimits withTimeout(Duration t) {
        return new FetchLimits(maxArtifactBytes, t, maxRedirects, zipMaxEntries, zipMaxUncompressedBytes,
                cacheMaxBytes, allowedFileRoots);
    }

    public FetchLimits withZip(int maxEntries, long maxUncompressedBytes) {
        return new FetchLimits(maxArtifactBytes, timeout, maxRedirects, maxEntries, maxUncompressedBytes,
                cacheMaxBytes, allowedFileRoots);
    }

    public FetchLimits withCacheMaxBytes(long bytes) {
        return new FetchLimits(maxArtifactBytes, timeout, maxRedirects, zipMaxEntries, zipMaxUncompressedBytes, bytes,
                allowedFileRoots);
    }

    public FetchLimits withAllowedFileRoots(List<Path> roots) {
        return new FetchLimits(maxArtifactBytes, timeout, maxRedirects, zipMaxEntries, zipMaxUncompressedBytes,
                cacheMaxBytes, roots);
    }

    /** A size for a message: {@code 256 MiB}, {@code 1 TiB}, {@code 512 bytes}. */
    static String size(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        long v = bytes;
        while (u < units.length - 1 && v >= 1024 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return v + " " + units[u];
    }

    /** A duration for a message: {@code 5m}, {@code 2s}, {@code 1500ms}. */
    static String time(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
