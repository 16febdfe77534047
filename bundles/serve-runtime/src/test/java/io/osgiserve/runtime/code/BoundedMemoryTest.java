package io.osgiserve.runtime.code;

import static io.osgiserve.runtime.code.Fetchers.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default limits in a JVM whose heap is smaller than the size limit (this class runs alone with
 * -Xmx64m, see the pom): a fetch that held the bytes in memory would end in an OutOfMemoryError.
 */
class BoundedMemoryTest {
    @TempDir
    Path dir;

    @Test
    void anEndlessDownloadFailsAtTheDefaultSizeLimitInAHeapSmallerThanIt() throws Exception {
        // the default execution skips it (it runs when named with -Dtest); the bounded-memory one sets this
        assumeTrue(System.getProperty("serve.test.bounded-memory") != null, "runs in the bounded-memory execution");
        FetchLimits defaults = FetchLimits.defaults();
        assertThat(Runtime.getRuntime().maxMemory()).as("the heap (run with -Xmx64m)")
                .isLessThan(defaults.maxArtifactBytes() / 2);
        AtomicBoolean hungUp = new AtomicBoolean();
        try (TestServer server = TestServer.http(x -> FetchLimitsTest.endless(x.getResponseBody(), x, hungUp))) {
            CodeFetcher fetcher = Fetchers.in(dir, defaults);

            CodeException e = assertTimeoutPreemptively(Duration.ofMinutes(2),
                    () -> refusal(fetcher, server.uri("/zero.jar")));

            assertThat(e.getMessage()).isEqualTo("runtime_env: " + server.uri("/zero.jar")
                    + " is larger than the size limit of 256 MiB (serve.code.max_artifact_size)");
        }
    }
}
