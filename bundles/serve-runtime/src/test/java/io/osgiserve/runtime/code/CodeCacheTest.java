package io.osgiserve.runtime.code;

import static io.osgiserve.runtime.code.Fetchers.fetch;
import static io.osgiserve.runtime.code.TestJars.jar;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetched code is kept by content: the same URI with new bytes is new code; the cache stays within its bound. */
class CodeCacheTest {
    @TempDir
    Path dir;

    private static String digest(List<CodeJar> jars) {
        return jars.get(0).digest();
    }

    @Test
    void theSameFileUriWithNewBytesIsNewCode() throws Exception {
        CodeFetcher fetcher = Fetchers.in(dir, FetchLimits.defaults());
        Path app = dir.resolve("app.jar");
        Files.write(app, jar("app", "v1/A.class"));
        String v1 = digest(fetch(fetcher, app.toUri().toString()));
        assertThat(digest(fetch(fetcher, app.toUri().toString()))).as("the same bytes again").isEqualTo(v1);

        Files.write(app, jar("app", "v2/A.class"));

        assertThat(digest(fetch(fetcher, app.toUri().toString()))).isNotEqualTo(v1);
    }

    @Test
    void theSameHttpUriWithNewBytesIsNewCodeAndUnchangedBytesAreNotSentAgain() throws Exception {
        AtomicReference<byte[]> content = new AtomicReference<>(jar("app", "v1/A.class"));
        AtomicInteger bodies = new AtomicInteger();
        try (TestServer server = TestServer.http(x -> {
            String etag = "\"" + java.util.Arrays.hashCode(content.get()) + "\"";
            x.getResponseHeaders().set("ETag", etag);
            if (etag.equals(x.getRequestHeaders().getFirst("If-None-Match"))) {
                x.sendResponseHeaders(304, -1);
            } else {
                bodies.incrementAndGet();
                TestServer.send(x, content.get());
            }
        })) {
            CodeFetcher fetcher = Fetchers.in(dir, FetchLimits.defaults());
            String uri = server.uri("/app.jar");
            String v1 = digest(fetch(fetcher, uri));
            assertThat(digest(fetch(fetcher, uri))).isEqualTo(v1);
            assertThat(bodies).as("bodies sent for two fetches of unchanged content").hasValue(1);

            content.set(jar("app", "v2/A.class"));

            assertThat(digest(fetch(fetcher, uri))).isNotEqualTo(v1);
            assertThat(server.requested()).hasSize(3);
        }
    }

    @Test
    void theCacheStaysWithinItsBoundEvictingTheLeastRecentlyUsedButNeverWhatALeaseHolds() throws Exception {
        byte[] first = jar("a", "a/A.class");
        long bound = 3L * first.length + first.length / 2;
        CodeFetcher fetcher = Fetchers.in(dir, FetchLimits.defaults().withCacheMaxBytes(bound));
        List<Path> jars = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path jar = dir.resolve("app" + i + ".jar");
            Files.write(jar, jar("a", "a/A" + i + ".class"));
            jars.add(jar);
        }
        try (CodeCache.Lease held = fetcher.cache().lease()) {
            CodeJar kept = fetcher.fetch(jars.get(0).toUri().toString(), Caller.LOOPBACK, held).get(0);
            for (Path jar : jars.subList(1, 6)) {
                fetch(fetcher, jar.toUri().toString());
                assertThat(fetcher.cache().size()).isLessThanOrEqualTo(bound);
            }
            assertThat(Files.exists(kept.file())).as("the held file").isTrue();
            assertThat(cacheFiles()).hasSizeLessThanOrEqualTo(3);
        }
        assertThat(cacheFiles().stream().mapToLong(CodeCacheTest::size).sum()).isLessThanOrEqualTo(bound);
    }

    @Test
    void concurrentFetchesOfTheSameUriGetTheSameCode() throws Exception {
        CodeFetcher fetcher = Fetchers.in(dir, FetchLimits.defaults());
        Path app = dir.resolve("app.jar");
        Files.write(app, jar("app", "a/A.class"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tasks.add(() -> digest(fetch(fetcher, app.toUri().toString())));
            }
            List<String> digests = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(tasks)) {
                digests.add(f.get());
            }
            assertThat(digests).hasSize(8).containsOnly(digests.get(0));
            assertThat(cacheFiles()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
            return files.toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
