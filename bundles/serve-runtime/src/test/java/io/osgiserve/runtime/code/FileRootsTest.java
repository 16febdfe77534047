package io.osgiserve.runtime.code;

import static io.osgiserve.runtime.code.Fetchers.refusal;
import static io.osgiserve.runtime.code.TestJars.jar;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deploy from beyond loopback reads file: URIs only under serve.code.file.allowed_roots. */
class FileRootsTest {
    @TempDir
    Path dir;

    @Test
    void aRemoteCallerReadsOnlyUnderTheAllowedRootsAndALoopbackCallerAnywhere() throws Exception {
        Path root = Files.createDirectories(dir.resolve("allowed"));
        Path inside = Files.write(root.resolve("in.jar"), jar("in", "in/In.class"));
        Path outside = Files.write(dir.resolve("out.jar"), jar("out", "out/Out.class"));
        Path link = Files.createSymbolicLink(root.resolve("link.jar"), outside);
        CodeFetcher fetcher = Fetchers.in(dir, FetchLimits.defaults().withAllowedFileRoots(List.of(root)));

        try (CodeCache.Lease lease = fetcher.cache().lease()) {
            assertThat(fetcher.fetch(inside.toUri().toString(), Caller.REMOTE, lease)).hasSize(1);
            assertThat(fetcher.fetch(outside.toUri().toString(), Caller.LOOPBACK, lease)).hasSize(1);
        }
        assertThat(refusal(fetcher, outside.toUri().toString(), Caller.REMOTE).getMessage()).isEqualTo("runtime_env: "
                + outside.toUri() + " is refused: a deploy from beyond loopback may name file: URIs only under"
                + " serve.code.file.allowed_roots ([" + root + "])");
        assertThat(refusal(fetcher, link.toUri().toString(), Caller.REMOTE).getMessage())
                .as("a link under the root to a file outside").contains("is refused");
        assertThat(refusal(fetcher, root.resolve("../out.jar").toUri().toString(), Caller.REMOTE).getMessage())
                .contains("is refused");
    }

    @Test
    void withNoRootsConfiguredARemoteCallerReadsNoFiles() throws Exception {
        Path jar = Files.write(dir.resolve("app.jar"), jar("app", "a/A.class"));
        CodeFetcher fetcher = Fetchers.in(dir, FetchLimits.defaults());
        assertThat(refusal(fetcher, jar.toUri().toString(), Caller.REMOTE).getMessage())
                .endsWith("serve.code.file.allowed_roots (none configured)");
    }

    @Test
    void aDirectoryUnderTheRootMayNotHoldLinksOut() throws Exception {
        Path root = Files.createDirectories(dir.resolve("allowed"));
        Path outside = Files.write(dir.resolve("out.jar"), jar("out", "out/Out.class"));
        Files.write(root.resolve("a.jar"), jar("a", "a/A.class"));
        Files.createSymbolicLink(root.resolve("b.jar"), outside);
        CodeFetcher fetcher = Fetchers.in(dir, FetchLimits.defaults().withAllowedFileRoots(List.of(root)));
        assertThat(refusal(fetcher, root.toUri().toString(), Caller.REMOTE).getMessage()).contains("is refused");
    }
}
