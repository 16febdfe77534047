package io.osgiserve.runtime.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osgiserve.config.NodeToken;
import io.osgiserve.http.internal.InternalServer;
import io.osgiserve.node.InternalCalls;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes' code caches over real HTTP: the node that fetched code serves it by digest on its internal
 * port; the other fetches {@code sha256:<hex>} from it, verifies the digest and keeps the bytes.
 */
class CodeByDigestTest {
    private static final String TOKEN = "cluster-secret";

    @TempDir
    Path dir;
    private final List<InternalServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(InternalServer::stop);
    }

    /** A node's internal server serving its fetcher's cache. */
    private URI serve(CodeFetcher holder) throws Exception {
        return serve(holder, Optional.empty());
    }

    private URI serve(CodeFetcher holder, Optional<io.osgiserve.http.jetty.Tls> tls) throws Exception {
        InternalCalls calls = new InternalCalls() {
            @Override
            public CompletableFuture<Answer> call(String replicaId, byte[] body) {
                return CompletableFuture.completedFuture(new Answer(404, "{}".getBytes()));
            }

            @Override
            public Optional<Path> code(String sha256Hex) {
                return holder.cache().file(sha256Hex);
            }
        };
        InternalServer s = InternalServer.start("127.0.0.1", 0, tls, NodeToken.fixed(TOKEN), 1 << 20, calls);
        servers.add(s);
        return s.address();
    }

    private static void holders(CodeFetcher fetcher, List<URI> from, String token) {
        fetcher.holders(new CodeFetcher.Holders() {
            @Override
            public List<URI> of(String sha256Hex) {
                return from;
            }

            @Override
            public Optional<String> token() {
                return Optional.of(token);
            }
        });
    }

    /** Node b fetched app.jar from a file: its digest and its internal address. */
    private String fetchedOnB(CodeFetcher b) throws Exception {
        Path jar = Files.write(dir.resolve("app.jar"), TestJars.jar("com.example.app", "com/example/App.class"));
        String uri = jar.toUri().toString();
        List<CodeJar> jars = Fetchers.fetch(b, uri);
        String digest = b.digestOf(uri).orElseThrow();
        assertEquals("sha256:" + jars.get(0).digest(), digest);
        return digest;
    }

    /**
     * A holder on HTTPS is trusted only through the peer trust (the cluster's certificates); that trust
     * vouches for no https: source a user names, which the JVM's default trust alone decides.
     */
    @Test
    void theCertificateOfTheNodesVouchesForHoldersOnlyNeverForASourceAUserNames() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("tls"));
        TestServer.Tls tls = TestServer.Tls.selfSigned(certs);
        CodeFetcher b = Fetchers.in(dir.resolve("b"), FetchLimits.defaults());
        String digest = fetchedOnB(b);
        URI holder = serve(b, Optional.of(io.osgiserve.http.jetty.Tls.pkcs12(certs.resolve("tls.p12"), "changeit")));

        CodeFetcher stranger = withTrust(dir.resolve("stranger"), CodeFetcher.jvmTrust());
        holders(stranger, List.of(holder), TOKEN);
        CodeException refused = Fetchers.refusal(stranger, digest);
        assertThat(refused.getMessage()).as("a holder whose certificate is outside the peer trust")
                .startsWith("runtime_env: cannot fetch " + digest + " from the nodes that hold it: runtime_env: cannot download")
                .doesNotContain("\n");
        assertThat(stranger.cache().file(digest.substring("sha256:".length()))).isEmpty();

        CodeFetcher peer = withTrust(dir.resolve("peer"), tls.client());
        holders(peer, List.of(holder), TOKEN);
        assertEquals(digest, "sha256:" + Fetchers.fetch(peer, digest).get(0).digest(), "a holder inside the peer trust");

        byte[] jar = TestJars.jar("com.example.other", "com/example/Other.class");
        try (TestServer source = TestServer.https(tls, x -> TestServer.send(x, jar))) {
            CodeException notTrusted = Fetchers.refusal(peer, source.uri("/app.jar"));
            assertThat(notTrusted.getMessage()).as("a source with the nodes' certificate")
                    .startsWith("runtime_env: cannot download " + source.uri("/app.jar") + ": ").doesNotContain("\n");
            assertThat(source.requested()).as("requests the source answered").isEmpty();
        }
    }

    private static CodeFetcher withTrust(Path at, javax.net.ssl.SSLContext peers) {
        FetchLimits limits = FetchLimits.defaults();
        return new CodeFetcher(limits, new CodeCache(at.resolve("cache"), limits.cacheMaxBytes()),
                new PaxMavenArtifacts(at.resolve("m2"), List.of(), limits.timeout()), CodeFetcher.jvmTrust(), peers);
    }

    @Test
    void aNodeFetchesCodeByDigestFromTheNodeThatHoldsItAndKeepsTheSameBytes() throws Exception {
        CodeFetcher b = Fetchers.in(dir.resolve("b"), FetchLimits.defaults());
        CodeFetcher a = Fetchers.in(dir.resolve("a"), FetchLimits.defaults());
        String digest = fetchedOnB(b);
        URI unknown = URI.create("http://127.0.0.1:" + freePort());
        holders(a, List.of(unknown, serve(b)), TOKEN); // the first holder is gone: the next one serves

        List<CodeJar> got = Fetchers.fetch(a, digest);
        assertEquals(1, got.size());
        assertEquals(digest, "sha256:" + got.get(0).digest());
        assertEquals("com.example.app", got.get(0).manifest().getMainAttributes().getValue("Bundle-SymbolicName"));
        Path onA = a.cache().file(digest.substring(7)).orElseThrow();
        assertArrayEquals(Files.readAllBytes(b.cache().file(digest.substring(7)).orElseThrow()), Files.readAllBytes(onA));

        holders(a, List.of(), TOKEN); // held now: no node is asked
        assertEquals(got.get(0).digest(), Fetchers.fetch(a, digest).get(0).digest());
    }

    @Test
    void bytesWhoseDigestDiffersAreRefused() throws Exception {
        CodeFetcher b = Fetchers.in(dir.resolve("b"), FetchLimits.defaults());
        CodeFetcher a = Fetchers.in(dir.resolve("a"), FetchLimits.defaults());
        String digest = fetchedOnB(b);
        Path held = b.cache().file(digest.substring(7)).orElseThrow();
        byte[] bytes = Files.readAllBytes(held);
        bytes[bytes.length / 2] ^= 1; // one tampered byte on the holder
        Files.write(held, bytes);
        holders(a, List.of(serve(b)), TOKEN);

        CodeException e = Fetchers.refusal(a, digest);
        assertThat(e.getMessage()).contains(digest).contains("sent bytes whose SHA-256 is").contains("not the one asked for");
        assertThat(a.cache().file(digest.substring(7))).isEmpty();
    }

    @Test
    void theSameLimitsApplyAndTheTokenIsNeeded() throws Exception {
        CodeFetcher b = Fetchers.in(dir.resolve("b"), FetchLimits.defaults());
        String digest = fetchedOnB(b);
        URI holder = serve(b);
        long size = Files.size(b.cache().file(digest.substring(7)).orElseThrow());

        CodeFetcher small = Fetchers.in(dir.resolve("small"), FetchLimits.defaults().withMaxArtifactBytes(size - 1));
        holders(small, List.of(holder), TOKEN);
        assertThat(Fetchers.refusal(small, digest).getMessage()).contains("serve.code.max_artifact_size");

        CodeFetcher stranger = Fetchers.in(dir.resolve("stranger"), FetchLimits.defaults());
        holders(stranger, List.of(holder), "wrong-token");
        assertThat(Fetchers.refusal(stranger, digest).getMessage()).contains("HTTP 401");

        CodeFetcher none = Fetchers.in(dir.resolve("none"), FetchLimits.defaults());
        assertThat(Fetchers.refusal(none, digest).getMessage()).contains("no node is known to hold");
        assertThat(Fetchers.refusal(none, "sha256:XYZ").getMessage()).contains("64 lowercase hex digits");
        holders(none, List.of(holder), TOKEN);
        String absent = "sha256:" + "0".repeat(64);
        assertThat(Fetchers.refusal(none, absent).getMessage()).contains("HTTP 404");
    }

    /**
     * The cluster's way: the accepting node reads the URI once (fetchOnce) and the others, told that the URI
     * is pinned to that digest, get the bytes from a holder even after the source is gone.
     */
    @Test
    void aPinnedUriIsFetchedByDigestFromAHolderAndNeverFromItsSource() throws Exception {
        Path jar = Files.write(dir.resolve("app.jar"), TestJars.jar("com.example.app", "com/example/App.class"));
        String uri = jar.toUri().toString();
        CodeFetcher accepting = Fetchers.in(dir.resolve("accepting"), FetchLimits.defaults());
        String digest = accepting.fetchOnce(uri, Caller.LOOPBACK).orElseThrow();
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        Files.delete(jar); // the source is gone: only the holder has the bytes

        CodeFetcher other = Fetchers.in(dir.resolve("other"), FetchLimits.defaults());
        URI gone = URI.create("http://127.0.0.1:" + freePort());
        holders(other, List.of(gone, serve(accepting)), TOKEN);
        other.pins(java.util.Map.of(uri, digest));
        List<CodeJar> got = Fetchers.fetch(other, uri);
        assertEquals(digest, "sha256:" + got.get(0).digest());
        assertEquals("com.example.app", got.get(0).manifest().getMainAttributes().getValue("Bundle-SymbolicName"));

        CodeFetcher alone = Fetchers.in(dir.resolve("alone"), FetchLimits.defaults());
        holders(alone, List.of(), TOKEN);
        alone.pins(java.util.Map.of(uri, digest));
        CodeException e = Fetchers.refusal(alone, uri);
        assertThat(e.getMessage()).isEqualTo("runtime_env: no node is known to hold " + uri + " (" + digest + ")");
        assertThat(e.sourceUnavailable()).isTrue();
    }

    @Test
    void aDirectoryOfJarsHasNoDigestAndABadPinIsRefused() throws Exception {
        Path jars = Files.createDirectories(dir.resolve("jars"));
        Files.write(jars.resolve("a.jar"), TestJars.jar("com.example.a", "com/example/A.class"));
        CodeFetcher f = Fetchers.in(dir.resolve("f"), FetchLimits.defaults());
        assertThat(f.fetchOnce(jars.toUri().toString(), Caller.LOOPBACK)).isEmpty();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> f.pins(java.util.Map.of("file:///x.jar", "sha256:XYZ")));
        // a remote caller's file: policy holds for the one fetch as for any
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(CodeException.class,
                () -> f.fetchOnce(jars.resolve("a.jar").toUri().toString(), Caller.REMOTE)).getMessage())
                .contains("serve.code.file.allowed_roots");
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
