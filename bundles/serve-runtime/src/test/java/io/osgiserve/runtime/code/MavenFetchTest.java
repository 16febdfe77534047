package io.osgiserve.runtime.code;

import static io.osgiserve.runtime.code.Fetchers.fetch;
import static io.osgiserve.runtime.code.Fetchers.refusal;
import static io.osgiserve.runtime.code.TestJars.jar;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mvn: URIs go through a real resolver (pax-url-aether, offline on a local repository in a temp directory). */
class MavenFetchTest {
    @TempDir
    Path dir;

    private CodeFetcher fetcher() {
        return Fetchers.in(dir, FetchLimits.defaults());
    }

    private Path install(String relative, byte[] bytes) throws Exception {
        Path file = dir.resolve("m2").resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    @Test
    void anArtifactOfTheLocalRepositoryResolves() throws Exception {
        byte[] bundle = jar("com.example.app", "com/example/App.class");
        install("com/example/app/1.2.0/app-1.2.0.jar", bundle);

        List<CodeJar> jars = fetch(fetcher(), "mvn:com.example/app/1.2.0");

        assertThat(jars).extracting(CodeJar::name).containsExactly("app-1.2.0.jar");
        assertThat(jars.get(0).isBundle()).isTrue();
        assertThat(Files.readAllBytes(jars.get(0).file())).isEqualTo(bundle);
    }

    @Test
    void aSnapshotTypeAndClassifierResolve() throws Exception {
        byte[] zip = jar(null, "x/X.class");
        install("com/example/app/2.0-SNAPSHOT/app-2.0-SNAPSHOT-dist.zip", zip);

        assertThat(fetch(fetcher(), "mvn:com.example/app/2.0-SNAPSHOT/zip/dist")).extracting(CodeJar::name)
                .containsExactly("app-2.0-SNAPSHOT-dist.zip");
    }

    @Test
    void aMissingArtifactIsUnavailableNamingTheUriAndTheRepository() {
        CodeException e = refusal(fetcher(), "mvn:com.example/absent/1.0");
        assertThat(e.getMessage()).startsWith("runtime_env: mvn:com.example/absent/1.0 is not in the local repository "
                + dir.resolve("m2") + " (offline)");
        assertThat(e.sourceUnavailable()).isTrue();
    }

    @Test
    void aGroupThatWouldLeaveTheRepositoryIsRefusedWithAReason() throws Exception {
        // as a hand-built path this was /tmp/x/1/x-1.jar
        CodeException e = refusal(fetcher(), "mvn:.tmp/x/1");
        assertThat(e.getMessage()).isEqualTo("runtime_env: mvn:.tmp/x/1: the group '.tmp' is not a Maven group id"
                + " (dot-separated names of letters, digits, '_' and '-'); it would name a path outside the repository");
        assertThat(e.sourceUnavailable()).isFalse();
    }

    @Test
    void otherPartsThatWouldLeaveTheRepositoryAreRefused() {
        assertThat(refusal(fetcher(), "mvn:g/../1").getMessage()).contains("the artifact '..' is not a Maven id");
        assertThat(refusal(fetcher(), "mvn:g/a/..").getMessage()).contains("the version '..' is not a Maven id");
        assertThat(refusal(fetcher(), "mvn:g/a/1/jar/%2E%2E").getMessage()).contains("the classifier '..' is not a Maven id");
        assertThat(refusal(fetcher(), "mvn:g..h/a/1").getMessage()).contains("the group 'g..h' is not a Maven group id");
    }

    @Test
    void aRepositoryInTheUriIsRefused() {
        assertThat(refusal(fetcher(), "mvn:http://repo.example.com/maven2!g/a/1").getMessage())
                .contains("names a repository", "serve.maven.remote_repositories");
    }
}
