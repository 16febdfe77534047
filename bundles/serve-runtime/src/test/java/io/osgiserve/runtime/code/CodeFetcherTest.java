package io.osgiserve.runtime.code;

import static io.osgiserve.runtime.code.Fetchers.fetch;
import static io.osgiserve.runtime.code.Fetchers.refusal;
import static io.osgiserve.runtime.code.TestJars.jar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each kind of runtime_env URI turns into, and the messages of the sources that are not there. */
class CodeFetcherTest {
    @TempDir
    Path dir;

    private CodeFetcher fetcher() {
        return Fetchers.in(dir, FetchLimits.defaults());
    }

    @Test
    void aZipOfJarsMadeWithAManifestIsStillTheJarsItHolds() throws Exception {
        byte[] a = jar("a", "a/A.class");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            z.write("Manifest-Version: 1.0\n".getBytes());
            z.putNextEntry(new ZipEntry("lib/a.jar"));
            z.write(a);
            z.putNextEntry(new ZipEntry("lib/b.jar"));
            z.write(jar(null, "b/B.class"));
        }
        Files.write(dir.resolve("app.zip"), out.toByteArray());
        List<CodeJar> jars = fetch(fetcher(), dir.resolve("app.zip").toUri().toString());
        assertThat(jars).extracting(CodeJar::name).containsExactly("a.jar", "b.jar");
        assertThat(jars.get(0).isBundle()).isTrue();
        assertThat(jars.get(1).isBundle()).isFalse();
        assertThat(Files.readAllBytes(jars.get(0).file())).isEqualTo(a);
    }

    @Test
    void aJarWithClassesIsItself() throws Exception {
        Files.write(dir.resolve("plain.jar"), jar(null, "p/P.class"));
        assertThat(fetch(fetcher(), "file://" + dir.resolve("plain.jar"))).extracting(CodeJar::name)
                .containsExactly("plain.jar");
    }

    @Test
    void aDirectoryIsItsJarsInNameOrder() throws Exception {
        Files.createDirectories(dir.resolve("app"));
        Files.write(dir.resolve("app/b.jar"), jar("b", "b/B.class"));
        Files.write(dir.resolve("app/a.jar"), jar(null, "a/A.class"));
        Files.writeString(dir.resolve("app/README.txt"), "not a jar");
        List<CodeJar> jars = fetch(fetcher(), dir.resolve("app").toUri().toString());
        assertThat(jars).extracting(CodeJar::name).containsExactly("a.jar", "b.jar");
        assertThat(jars).extracting(CodeJar::isBundle).containsExactly(false, true);
    }

    @Test
    void aFileThatIsNoJarOrZipIsRefusedSayingSo() throws Exception {
        Files.writeString(dir.resolve("notes.jar"), "hello");
        assertThat(refusal(fetcher(), dir.resolve("notes.jar").toUri().toString()).getMessage())
                .contains("notes.jar", "is not a jar or a zip");
    }

    @Test
    void aRelativeFileUriIsRefusedSayingItMustBeAbsolute() {
        CodeException e = refusal(fetcher(), "file:fruit.jar");
        assertThat(e.getMessage()).contains("file:fruit.jar", "absolute");
        assertThat(e.sourceUnavailable()).isFalse();
    }

    @Test
    void fileUrisWithLocalhostAuthorityWork() throws Exception {
        Files.write(dir.resolve("x.jar"), jar("x", "x/X.class"));
        assertThat(fetch(fetcher(), "file://localhost" + dir.resolve("x.jar"))).hasSize(1);
    }

    @Test
    void aMissingFileIsAnUnavailableSourceNamedInTheMessage() {
        CodeException e = refusal(fetcher(), "file:///no/such.jar");
        assertThat(e.getMessage()).contains("file:///no/such.jar", "does not exist");
        assertThat(e.sourceUnavailable()).isTrue();
    }

    @Test
    void anHttpErrorStatusIsNamed() throws Exception {
        try (TestServer server = TestServer.http(x -> x.sendResponseHeaders(404, -1))) {
            String uri = server.uri("/app.jar");
            CodeException e = refusal(fetcher(), uri);
            assertThat(e.getMessage()).contains(uri, "HTTP 404");
            assertThat(e.sourceUnavailable()).isTrue();
        }
    }

    @Test
    void anHttpJarIsDownloadedUnderItsFileName() throws Exception {
        byte[] bundle = jar("h", "h/H.class");
        try (TestServer server = TestServer.http(x -> TestServer.send(x, bundle))) {
            List<CodeJar> jars = fetch(fetcher(), server.uri("/code/h.jar"));
            assertThat(jars).extracting(CodeJar::name).containsExactly("h.jar");
            assertThat(Files.readAllBytes(jars.get(0).file())).isEqualTo(bundle);
        }
    }

    @Test
    void redirectsAreFollowedUpToTheLimitAndNoFurther() throws Exception {
        byte[] bundle = jar("r", "r/R.class");
        try (TestServer server = TestServer.http(x -> {
            String path = x.getRequestURI().getPath();
            int hop = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            if (hop == 0) {
                TestServer.send(x, bundle);
            } else {
                x.getResponseHeaders().set("Location", "/hop/" + (hop - 1));
                x.sendResponseHeaders(302, -1);
            }
        })) {
            assertThat(fetch(fetcher(), server.uri("/hop/5"))).hasSize(1);
            CodeException e = refusal(fetcher(), server.uri("/hop/6"));
            assertThat(e.getMessage()).contains(server.uri("/hop/6"), "redirects more than 5 times",
                    "serve.code.max_redirects");
        }
    }

    @Test
    void plainJarsBecomeOneBundleSharingAClassPathWithTheirModuleHeaders() throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Serve-Module", "app=probe.App");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(out, m)) {
            j.putNextEntry(new JarEntry("probe/App.class"));
            j.closeEntry();
        }
        Files.write(dir.resolve("app.jar"), out.toByteArray());
        Files.write(dir.resolve("lib.jar"), jar(null, "lib/L.class"));
        CodeFetcher fetcher = fetcher();
        try (CodeCache.Lease lease = fetcher.cache().lease()) {
            List<CodeJar> jars = new java.util.ArrayList<>(fetcher.fetch(dir.resolve("app.jar").toUri().toString(), Caller.LOOPBACK, lease));
            jars.addAll(fetcher.fetch(dir.resolve("lib.jar").toUri().toString(), Caller.LOOPBACK, lease));
            CodeJar bundle = PlainJars.bundle("abcdef0123456789", jars, fetcher.cache(), lease);
            Attributes a;
            try (java.util.jar.JarFile written = new java.util.jar.JarFile(bundle.file().toFile())) {
                a = written.getManifest().getMainAttributes();
                assertThat(written.getEntry("lib/1-lib.jar")).isNotNull();
            }
            assertThat(bundle.isBundle()).isTrue();
            assertThat(a.getValue("Bundle-SymbolicName")).startsWith("serve.wrapped.");
            assertEquals(".,lib/0-app.jar,lib/1-lib.jar", a.getValue("Bundle-ClassPath"));
            assertEquals("app=probe.App", a.getValue("Serve-Module"));
            assertEquals("*", a.getValue("DynamicImport-Package"));
        }
    }
}
