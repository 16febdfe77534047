package io.osgiserve.runtime.code;

import java.nio.file.Path;
import java.util.List;

/** A fetcher over a cache and a Maven repository in a test's directory. */
final class Fetchers {
    private Fetchers() {
    }

    static CodeFetcher in(Path dir, FetchLimits limits) {
        return new CodeFetcher(limits, new CodeCache(dir.resolve("cache"), limits.cacheMaxBytes()),
                new PaxMavenArtifacts(dir.resolve("m2"), List.of(), limits.timeout()));
    }

    /** Fetches {@code uri} as a loopback caller, releasing the files when done. */
    static List<CodeJar> fetch(CodeFetcher fetcher, String uri) throws CodeException, InterruptedException {
        try (CodeCache.Lease lease = fetcher.cache().lease()) {
            return fetcher.fetch(uri, Caller.LOOPBACK, lease);
        }
    }

    static CodeException refusal(CodeFetcher fetcher, String uri) {
        return refusal(fetcher, uri, Caller.LOOPBACK);
    }

    static CodeException refusal(CodeFetcher fetcher, String uri, Caller caller) {
        try (CodeCache.Lease lease = fetcher.cache().lease()) {
            fetcher.fetch(uri, caller, lease);
        } catch (CodeException e) {
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError("interrupted", e);
        }
        throw new AssertionError("fetching " + uri + " succeeded; it should have failed");
    }
}
