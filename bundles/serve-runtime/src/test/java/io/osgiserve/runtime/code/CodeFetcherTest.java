package io.osgiserve.runtime.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeFetcherTest {
    @TempDir
    Path dir;

    private final CodeFetcher fetcher = new CodeFetcher(Path.of("/nonexistent-repo"), Duration.ofSeconds(2));

    static byte[] jar(String bsn, String... classes) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            m.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(out, m)) {
            for (String c : classes) {
                j.putNextEntry(new JarEntry(c));
                j.write(new byte[] {1, 2, 3});
                j.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void aZipOfJarsMadeWithAManifestIsStillTheJarsItHolds() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            z.write("Manifest-Version: 1.0\n".getBytes());
            z.putNextEntry(new ZipEntry("lib/a.jar"));
            z.write(jar("a", "a/A.class"));
            z.putNextEntry(new ZipEntry("lib/b.jar"));
            z.write(jar(null, "b/B.class"));
        }
        Files.write(dir.resolve("app.zip"), out.toByteArray());
        List<CodeJar> jars = fetcher.fetch(dir.resolve("app.zip").toUri().toString());
        assertThat(jars).extracting(CodeJar::name).containsExactly("a.jar", "b.jar");
        assertThat(jars.get(0).isBundle()).isTrue();
        assertThat(jars.get(1).isBundle()).isFalse();
    }

    @Test
    void aJarWithClassesIsItself() throws Exception {
        Files.write(dir.resolve("plain.jar"), jar(null, "p/P.class"));
        assertThat(fetcher.fetch("file://" + dir.resolve("plain.jar"))).extracting(CodeJar::name).containsExactly("plain.jar");
    }

    @Test
    void aRelativeFileUriIsRefusedSayingItMustBeAbsolute() {
        CodeFetcher.CodeException e = assertThrows(CodeFetcher.CodeException.class, () -> fetcher.fetch("file:fruit.jar"));
        assertThat(e.getMessage()).contains("file:fruit.jar", "absolute");
    }

    @Test
    void fileUrisWithLocalhostAuthorityWork() throws Exception {
        Files.write(dir.resolve("x.jar"), jar("x", "x/X.class"));
        assertThat(fetcher.fetch("file://localhost" + dir.resolve("x.jar"))).hasSize(1);
    }

    @Test
    void aMissingFileAndAMissingMavenArtifactNameTheUri() {
        assertThat(assertThrows(CodeFetcher.CodeException.class, () -> fetcher.fetch("file:///no/such.jar")).getMessage())
                .contains("file:///no/such.jar", "does not exist");
        assertThat(assertThrows(CodeFetcher.CodeException.class, () -> fetcher.fetch("mvn:g/a/1.0")).getMessage())
                .contains("mvn:g/a/1.0", "not in the local Maven repository");
    }

    @Test
    void anHttpErrorStatusIsNamed() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        server.start();
        try {
            String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            CodeFetcher.CodeException e = assertThrows(CodeFetcher.CodeException.class, () -> fetcher.fetch(uri));
            assertThat(e.getMessage()).contains(uri, "HTTP 404");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutNamingTheUri() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String uri = "http://127.0.0.1:" + silent.getLocalPort() + "/app.jar";
            Thread accept = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().read(new byte[1024]);
                    s.getInputStream().read();
                } catch (IOException ignored) {
                    // the client gave up
                }
            });
            accept.start();
            CodeFetcher.CodeException e = assertThrows(CodeFetcher.CodeException.class, () -> fetcher.fetch(uri));
            assertThat(e.getMessage()).contains(uri, "timed out");
            accept.interrupt();
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
        CodeJar bundle = PlainJars.bundle("abcdef0123456789", List.of(new CodeJar("app.jar", out.toByteArray()),
                new CodeJar("lib.jar", jar(null, "lib/L.class"))));
        Attributes a = bundle.manifest().getMainAttributes();
        assertThat(bundle.isBundle()).isTrue();
        assertThat(a.getValue("Bundle-SymbolicName")).startsWith("serve.wrapped.");
        assertEquals(".,lib/0-app.jar,lib/1-lib.jar", a.getValue("Bundle-ClassPath"));
        assertEquals("app=probe.App", a.getValue("Serve-Module"));
        assertEquals("*", a.getValue("DynamicImport-Package"));
    }
}
