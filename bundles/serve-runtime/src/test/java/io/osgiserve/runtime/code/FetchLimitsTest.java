package io.osgiserve.runtime.code;

import static io.osgiserve.runtime.code.Fetchers.fetch;
import static io.osgiserve.runtime.code.Fetchers.refusal;
import static io.osgiserve.runtime.code.TestJars.jar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every limit of a fetch against a source that tries to break it: devices and FIFOs, huge files, endless
 * and slow servers, zip bombs, redirects, cancellation. Real files in a temp directory, real HTTP(S)
 * servers on free loopback ports.
 */
class FetchLimitsTest {
    /** Only against hanging for ever: a fetch that opened a FIFO or read /dev/zero would never return. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private CodeFetcher fetcher(FetchLimits limits) {
        return Fetchers.in(dir, limits);
    }

    private List<Path> cached() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
            return files.toList();
        }
    }

    @Test
    void devZeroIsRefusedAtOnceAsNotARegularFile() throws Exception {
        CodeFetcher fetcher = fetcher(FetchLimits.defaults());
        CodeException e = assertTimeoutPreemptively(HANG_GUARD, () -> refusal(fetcher, "file:///dev/zero"));
        assertThat(e.getMessage()).isEqualTo("runtime_env: file:///dev/zero is not a regular file (a device, a FIFO"
                + " or a socket); name a jar, a zip or a directory of jars");
        assertThat(cached()).isEmpty();
    }

    @Test
    void aFifoIsRefusedWithoutBeingOpened() throws Exception {
        Path fifo = dir.resolve("app.jar");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        CodeFetcher fetcher = fetcher(FetchLimits.defaults());
        // opening a FIFO that no one writes to blocks for ever: returning at all shows it was not opened
        CodeException e = assertTimeoutPreemptively(HANG_GUARD, () -> refusal(fetcher, fifo.toUri().toString()));
        assertThat(e.getMessage()).contains(fifo.toUri().toString(), "is not a regular file");
        assertThat(e.sourceUnavailable()).isFalse();
    }

    @Test
    void aOneTebibyteSparseFileIsRefusedNamingTheSizeLimitBeforeAByteIsRead() throws Exception {
        Path huge = dir.resolve("huge.jar");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(1L << 40);
        }
        CodeFetcher fetcher = fetcher(FetchLimits.defaults());
        CodeException e = assertTimeoutPreemptively(HANG_GUARD, () -> refusal(fetcher, huge.toUri().toString()));
        assertThat(e.getMessage()).isEqualTo("runtime_env: " + huge.toUri() + " (1099511627776 bytes) is larger than"
                + " the size limit of 256 MiB (serve.code.max_artifact_size)");
        assertThat(cached()).isEmpty();
    }

    @Test
    void aServerStreamingWithoutEndIsCutAtTheSizeLimit() throws Exception {
        AtomicBoolean clientHungUp = new AtomicBoolean();
        try (TestServer server = TestServer.http(x -> endless(x.getResponseBody(), x, clientHungUp))) {
            CodeFetcher fetcher = fetcher(FetchLimits.defaults().withMaxArtifactBytes(8 << 20));
            CodeException e = assertTimeoutPreemptively(HANG_GUARD, () -> refusal(fetcher, server.uri("/zero.jar")));
            assertThat(e.getMessage()).isEqualTo("runtime_env: " + server.uri("/zero.jar")
                    + " is larger than the size limit of 8 MiB (serve.code.max_artifact_size)");
            await("the server sees the connection closed").atMost(HANG_GUARD).untilTrue(clientHungUp);
        }
        assertThat(cached()).isEmpty();
    }

    /** Zeros, 64 KiB a write, chunked, until the client hangs up. */
    static void endless(OutputStream body, com.sun.net.httpserver.HttpExchange x, AtomicBoolean clientHungUp)
            throws IOException {
        x.sendResponseHeaders(200, 0);
        byte[] zeros = new byte[64 * 1024];
        try {
            while (true) {
                body.write(zeros);
            }
        } catch (IOException e) {
            clientHungUp.set(true);
        }
    }

    @Test
    void aServerSendingAByteASecondFailsAtTheTimeLimit() throws Exception {
        try (TestServer server = TestServer.http(FetchLimitsTest::aByteASecond)) {
            CodeFetcher fetcher = fetcher(FetchLimits.defaults().withTimeout(Duration.ofSeconds(2)));
            long start = System.nanoTime();
            CodeException e = assertTimeoutPreemptively(HANG_GUARD, () -> refusal(fetcher, server.uri("/slow.jar")));
            long elapsed = System.nanoTime() - start;
            assertThat(e.getMessage()).isEqualTo("runtime_env: fetching " + server.uri("/slow.jar")
                    + " took longer than the time limit of 2s (serve.code.fetch_timeout)");
            assertThat(elapsed).as("it fails at the limit, not before").isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(2));
        }
    }

    /** Headers at once, then one byte a second, until the client hangs up. */
    static void aByteASecond(com.sun.net.httpserver.HttpExchange x) throws IOException {
        x.sendResponseHeaders(200, 0);
        OutputStream body = x.getResponseBody();
        try {
            while (true) {
                body.write('P');
                body.flush();
                Thread.sleep(1000); // the source is slow on purpose
            }
        } catch (IOException | InterruptedException e) {
            // the client hung up, or the server stops
        }
    }

    @Test
    void aServerThatNeverAnswersFailsAtTheTimeLimit() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (TestServer server = TestServer.http(x -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            CodeFetcher fetcher = fetcher(FetchLimits.defaults().withTimeout(Duration.ofSeconds(1)));
            CodeException e = assertTimeoutPreemptively(HANG_GUARD, () -> refusal(fetcher, server.uri("/app.jar")));
            assertThat(e.getMessage()).contains(server.uri("/app.jar"), "time limit of 1s");
        }
    }

    @Test
    void aOneMegabyteZipThatInflatesPastTheLimitIsRefused() throws Exception {
        Path bomb = dir.resolve("bomb.zip");
        long inflated = TestJars.zipBomb(bomb, 1_000_000);
        assertThat(Files.size(bomb)).isBetween(1_000_000L, 1_001_000L);
        long limit = 64L << 20;
        assertThat(inflated).isGreaterThan(2 * limit);
        CodeFetcher fetcher = fetcher(FetchLimits.defaults().withZip(65536, limit));
        CodeException e = refusal(fetcher, bomb.toUri().toString());
        assertThat(e.getMessage()).isEqualTo("runtime_env: " + bomb.toUri() + "!/zeros.bin inflates to more than 64 MiB"
                + " (serve.code.zip.max_uncompressed)");
    }

    @Test
    void aZipWithMoreEntriesThanTheLimitIsRefused() throws Exception {
        Path zip = dir.resolve("many.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i < 11; i++) {
                z.putNextEntry(new ZipEntry("e" + i + ".txt"));
            }
        }
        CodeFetcher fetcher = fetcher(FetchLimits.defaults().withZip(10, 1L << 30));
        assertThat(refusal(fetcher, zip.toUri().toString()).getMessage()).isEqualTo("runtime_env: " + zip.toUri()
                + " holds more than 10 entries (serve.code.zip.max_entries)");
    }

    @Test
    void aRedirectFromHttpsToHttpIsRefusedWithoutAskingTheHttpServer() throws Exception {
        TestServer.Tls tls = TestServer.Tls.selfSigned(dir);
        byte[] bundle = jar("s", "s/S.class");
        try (TestServer plain = TestServer.http(x -> TestServer.send(x, bundle));
                TestServer secure = TestServer.https(tls, x -> {
                    if (x.getRequestURI().getPath().equals("/app.jar")) {
                        TestServer.send(x, bundle);
                    } else {
                        x.getResponseHeaders().set("Location", plain.uri("/app.jar"));
                        x.sendResponseHeaders(302, -1);
                    }
                })) {
            CodeFetcher fetcher = new CodeFetcher(FetchLimits.defaults(),
                    new CodeCache(dir.resolve("cache"), 1L << 30), new PaxMavenArtifacts(dir, List.of(), Duration.ofSeconds(5)),
                    tls.client(), CodeFetcher.jvmTrust());
            assertThat(fetch(fetcher, secure.uri("/app.jar"))).as("the test certificate is trusted").hasSize(1);

            CodeException e = refusal(fetcher, secure.uri("/moved.jar"));

            assertThat(e.getMessage()).isEqualTo("runtime_env: " + secure.uri("/moved.jar") + " redirects from https: to "
                    + plain.uri("/app.jar") + "; a download that starts on https: must stay on https:");
            assertThat(plain.requested()).as("requests to the http: server").isEmpty();
        }
    }

    @Test
    void aCancelledFetchEndsPromptlyWithInterruptedException() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (TestServer server = TestServer.http(FetchLimitsTest::aByteASecond)) {
            CodeFetcher fetcher = fetcher(FetchLimits.defaults()); // a five-minute time limit
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Future<?> task = worker.submit(() -> {
                try {
                    fetch(fetcher, server.uri("/slow.jar"));
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            await("the download has started").atMost(HANG_GUARD).until(() -> !server.requested().isEmpty());

            task.cancel(true);

            await("the fetch has ended").atMost(HANG_GUARD).until(outcome::isDone);
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            assertThat(cached()).isEmpty();
        } finally {
            worker.shutdownNow();
        }
    }
}
