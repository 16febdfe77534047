package io.osgiserve.runtime.code;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Reads what a runtime_env URI names, within the node's {@link FetchLimits}: {@code file:} (a jar, a zip
 * of jars, or a directory of jars; regular files only), {@code http:}/{@code https:} (a jar or a zip of
 * jars) and {@code mvn:group/artifact/version[/type[/classifier]]} (through {@link MavenArtifacts}).
 * Everything read goes to the {@link CodeCache}, named by its digest, so the same URI with new bytes is
 * new code and memory stays one buffer whatever the size. Every call reads the source again (an HTTP
 * source that gave an ETag is asked whether it changed). Safe to call from several threads; a call
 * ends promptly when its thread is interrupted.
 */
public final class CodeFetcher {
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** URIs whose ETag is remembered; past it the memory starts over (a full download, then 304s again). */
    private static final int VALIDATED_MAX = 1000;

    private final FetchLimits limits;
    private final CodeCache cache;
    private final MavenArtifacts maven;
    /** Reads sources; the cluster's certificates vouch for no host a user names. */
    private final HttpClient http;
    /** Calls other nodes' internal ports only (code by digest). */
    private final HttpClient peers;
    /** Per http(s) URI: the ETag and content of its last download. */
    private final Map<String, Validated> validated = new ConcurrentHashMap<>();

    private record Validated(String etag, String digest, String name) {
    }

    /** The scheme of code named by content: {@code sha256:<64 hex digits>}, fetched from the nodes that hold it. */
    public static final String DIGEST_SCHEME = "sha256";
    private static final java.util.regex.Pattern DIGEST = java.util.regex.Pattern.compile("sha256:([0-9a-f]{64})");

    /** Per URI fetched as one file: the digest of its bytes, so that other nodes can fetch it by content. */
    private final Map<String, String> digests = new ConcurrentHashMap<>();
    /** Which nodes' internal ports hold a digest, and the token they ask for (none: sha256: is refused). */
    private volatile Holders holders;
    /** URIs the cluster fetched once and names by content ({@code sha256:<hex>}): fetched by digest here. */
    private volatile Map<String, String> pins = Map.of();

    /** Where code by digest is found: the internal base URIs of the nodes holding a digest, and the cluster's token. */
    public interface Holders {
        List<URI> of(String sha256Hex);

        java.util.Optional<String> token();
    }

    public CodeFetcher(FetchLimits limits, CodeCache cache, MavenArtifacts maven) {
        this(limits, cache, maven, jvmTrust(), jvmTrust());
    }

    /**
     * @param sources whom https: runtime_env sources are trusted by (the JVM's default trust in the node)
     * @param peers whom other nodes' internal ports are trusted by, for code by digest (the cluster's certificates)
     */
    public CodeFetcher(FetchLimits limits, CodeCache cache, MavenArtifacts maven, SSLContext sources, SSLContext peers) {
        this.limits = limits;
        this.cache = cache;
        this.maven = maven;
        this.http = client(limits, sources);
        this.peers = client(limits, peers);
    }

    private static HttpClient client(FetchLimits limits, SSLContext ssl) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(limits.timeout())
                .sslContext(ssl)
                .build();
    }

    public FetchLimits limits() {
        return limits;
    }

    public CodeCache cache() {
        return cache;
    }

    /** Lets {@code sha256:} URIs be fetched from the nodes {@code holders} names (set by the cluster). */
    public void holders(Holders holders) {
        this.holders = holders;
    }

    /**
     * From now on each URI of {@code pins} is fetched by the digest it maps to ({@code sha256:<hex>}): from
     * the cache, else from the holders, never from its source (the node that accepted the deploy read it).
     *
     * @throws IllegalArgumentException naming a value that is not {@code sha256:} and 64 lowercase hex digits
     */
    public void pins(Map<String, String> pins) {
        for (Map.Entry<String, String> pin : pins.entrySet()) {
            if (!DIGEST.matcher(pin.getValue()).matches()) {
                throw new IllegalArgumentException("the code of " + pin.getKey() + " is named '" + pin.getValue()
                        + "', not sha256: and 64 lowercase hex digits");
            }
        }
        this.pins = Map.copyOf(pins);
    }

    /**
     * The content digest ({@code sha256:<hex>}) of what the last fetch of {@code uri} read, when it was one
     * file (a jar or a zip; a directory of jars has none): other nodes fetch the same bytes by it.
     */
    public java.util.Optional<String> digestOf(String uri) {
        return java.util.Optional.ofNullable(digests.get(uri)).map(d -> DIGEST_SCHEME + ":" + d);
    }

    /**
     * The jars {@code text} names, stored in the cache and held there by {@code lease}.
     *
     * @param caller where the deploy came from: beyond loopback, {@code file:} only under the allowed roots
     * @throws CodeException with a one-line message naming the URI and, for a limit, the setting
     * @throws InterruptedException when the thread was interrupted (the deploy was superseded)
     */
    public List<CodeJar> fetch(String text, Caller caller, CodeCache.Lease lease)
            throws CodeException, InterruptedException {
        Fetch f = new Fetch(text, limits, cache, lease);
        String pinned = pins.get(text);
        if (pinned == null) {
            return fromSource(f, caller);
        }
        try {
            return byDigest(f, pinned);
        } catch (IOException e) {
            throw CodeException.unavailable("runtime_env: cannot read " + text + " (" + pinned + "): " + oneLine(e));
        }
    }

    /**
     * Reads {@code text} from its source now (whatever the pins say) into the cache, as a deploy would, and
     * names it by content: {@code sha256:<hex>}, or empty when it is not one file (a directory of jars).
     * The bytes stay in the cache as any fetched code does (least recently used first out).
     */
    public java.util.Optional<String> fetchOnce(String text, Caller caller) throws CodeException, InterruptedException {
        try (CodeCache.Lease lease = cache.lease()) {
            Fetch f = new Fetch(text, limits, cache, lease);
            List<CodeJar> jars = fromSource(f, caller);
            boolean oneFile = f.topDigest != null && !jars.isEmpty();
            return oneFile ? java.util.Optional.of(DIGEST_SCHEME + ":" + f.topDigest) : java.util.Optional.empty();
        }
    }

    private List<CodeJar> fromSource(Fetch f, Caller caller) throws CodeException, InterruptedException {
        String text = f.uri;
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw CodeException.refused("runtime_env: '" + text + "' is not a URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        try {
            return switch (scheme) {
                case "file" -> file(f, uri, caller);
                case "http", "https" -> http(f, uri);
                case "mvn" -> mvn(f, uri.getSchemeSpecificPart());
                case DIGEST_SCHEME -> byDigest(f, text);
                default -> throw CodeException.refused("runtime_env: unsupported URI scheme in '" + text
                        + "' (use file:, http:, https: or mvn:)");
            };
        } catch (IOException e) {
            throw CodeException.unavailable("runtime_env: cannot read " + text + ": " + oneLine(e));
        } finally {
            if (f.topDigest != null && !DIGEST_SCHEME.equals(scheme)) {
                if (digests.size() >= VALIDATED_MAX) {
                    digests.clear();
                }
                digests.put(text, f.topDigest);
            }
        }
    }

    // ---------------------------------------------------------------- sha256: (code by content, from other nodes)

    /**
     * The bytes whose SHA-256 the URI names: from this node's cache, else from each holder in turn over its
     * internal port (with the token), within the same limits as any fetch; bytes whose digest differs are
     * refused (a node that serves other bytes is not trusted, the next one is asked).
     */
    private List<CodeJar> byDigest(Fetch f, String text) throws IOException, CodeException, InterruptedException {
        // a pinned URI is named as the user wrote it, with its digest
        String named = text.equals(f.uri) ? text : f.uri + " (" + text + ")";
        java.util.regex.Matcher m = DIGEST.matcher(text);
        if (!m.matches()) {
            throw CodeException.refused("runtime_env: '" + text + "' is not sha256: and 64 lowercase hex digits");
        }
        String hex = m.group(1);
        String name = "code-" + hex.substring(0, 12) + ".jar";
        Path cached = cache.find(hex, f.lease);
        if (cached != null) {
            return expand(f, new Stored(cached, hex, Files.size(cached)), name);
        }
        Holders h = holders;
        List<URI> from = h == null ? List.of() : h.of(hex);
        if (from.isEmpty()) {
            throw CodeException.unavailable("runtime_env: no node is known to hold " + named);
        }
        List<String> failures = new ArrayList<>();
        for (URI base : from) {
            URI uri = base.resolve("/internal/v1/code/" + hex);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
                    .timeout(Duration.ofNanos(Math.max(1, f.remainingNanos())));
            h.token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
            try {
                response = sendRequest(peers, f, request.build(), uri);
            } catch (CodeException e) {
                failures.add(e.getMessage());
                continue;
            }
            try (BodyStream body = new BodyStream(f)) {
                response.body().subscribe(body);
                if (response.statusCode() != 200) {
                    failures.add(base + " answered HTTP " + response.statusCode());
                    continue;
                }
                long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
                if (declared > limits.maxArtifactBytes()) {
                    throw f.tooLarge(named + " (Content-Length " + declared + " from " + base + ")");
                }
                Stored stored = f.store(body, named, false);
                if (!stored.digest().equals(hex)) {
                    failures.add(base + " sent bytes whose SHA-256 is " + stored.digest() + ", not the one asked for");
                    continue;
                }
                return expand(f, stored, name);
            }
        }
        // no holder served the bytes: like a source that is down (the deploy is tried again with backoff)
        throw CodeException.unavailable("runtime_env: cannot fetch " + named + " from the nodes that hold it: "
                + String.join("; ", failures));
    }

    // ---------------------------------------------------------------- file:

    private List<CodeJar> file(Fetch f, URI uri, Caller caller)
            throws IOException, CodeException, InterruptedException {
        if (uri.isOpaque() || uri.getPath() == null || !uri.getPath().startsWith("/")) {
            throw CodeException.refused("runtime_env: " + f.uri
                    + " must be an absolute file: URI, like file:///opt/app/app.jar");
        }
        String authority = uri.getAuthority();
        if (authority != null && !authority.isEmpty() && !authority.equals("localhost")) {
            throw CodeException.refused("runtime_env: " + f.uri + " names another host (" + authority
                    + "); a file: URI must be local, like file:///opt/app/app.jar");
        }
        Path path = Paths.get(uri.getPath());
        requireAllowed(f, path, caller);
        BasicFileAttributes attributes = attributes(f, path);
        if (!attributes.isDirectory()) {
            return expand(f, readFile(f, path, attributes, f.uri), CodeJar.safeName(path.getFileName().toString(), "app.jar"));
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(path, "*.jar")) {
            for (Path p : listing) {
                f.countEntry(files.size() + 1, f.uri);
                files.add(p);
            }
        }
        if (files.isEmpty()) {
            throw CodeException.unavailable("runtime_env: the directory " + f.uri + " holds no .jar files");
        }
        files.sort(null);
        List<CodeJar> jars = new ArrayList<>();
        for (Path p : files) {
            String what = p.toUri().toString();
            requireAllowed(f, p, caller);
            Stored s = readFile(f, p, attributes(f, p), what);
            jars.add(new CodeJar(CodeJar.safeName(p.getFileName().toString(), "app.jar"), s.file(), s.digest(),
                    ArchiveScan.scan(f, s, what, false).manifest()));
        }
        return jars;
    }

    private static BasicFileAttributes attributes(Fetch f, Path path) throws IOException, CodeException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw CodeException.unavailable("runtime_env: " + f.uri + " does not exist");
        }
    }

    /** Devices, FIFOs and sockets are refused before a byte is read, and so is a file over the size limit. */
    private static Stored readFile(Fetch f, Path path, BasicFileAttributes attributes, String what)
            throws IOException, CodeException, InterruptedException {
        if (!attributes.isRegularFile()) {
            throw CodeException.refused("runtime_env: " + what + " is not a regular file"
                    + (attributes.isDirectory() ? " (a directory)" : " (a device, a FIFO or a socket)")
                    + "; name a jar, a zip or a directory of jars");
        }
        if (attributes.size() > f.limits.maxArtifactBytes()) {
            throw f.tooLarge(what + " (" + attributes.size() + " bytes)");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return f.store(in, what, false);
        }
    }

    private void requireAllowed(Fetch f, Path path, Caller caller) throws CodeException {
        if (caller == Caller.LOOPBACK) {
            return;
        }
        boolean allowed = underAllowedRoot(path.toAbsolutePath().normalize());
        if (allowed) {
            try {
                allowed = underAllowedRoot(path.toRealPath()); // a link may lead out of the roots
            } catch (IOException e) {
                // missing: reading it says so
            }
        }
        if (!allowed) {
            throw CodeException.refused("runtime_env: " + f.uri + " is refused: a deploy from beyond loopback may"
                    + " name file: URIs only under serve.code.file.allowed_roots ("
                    + (limits.allowedFileRoots().isEmpty() ? "none configured" : limits.allowedFileRoots()) + ")");
        }
    }

    private boolean underAllowedRoot(Path path) {
        for (Path root : limits.allowedFileRoots()) {
            if (path.startsWith(root)) {
                return true;
            }
            try {
                if (path.startsWith(root.toRealPath())) {
                    return true;
                }
            } catch (IOException e) {
                // a root that does not exist holds nothing
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- mvn:

    private List<CodeJar> mvn(Fetch f, String coordinates) throws IOException, CodeException, InterruptedException {
        MavenCoordinates c = MavenCoordinates.parse(f.uri, coordinates == null ? "" : coordinates);
        Path path;
        try {
            path = maven.resolve(c);
        } catch (IOException | RuntimeException e) {
            throw CodeException.unavailable("runtime_env: " + f.uri + " is not in " + maven.describe() + ": "
                    + oneLine(e) + "; install it there (mvn install) or use a file: URI");
        }
        f.checkTime();
        return expand(f, readFile(f, path, attributes(f, path), f.uri), CodeJar.safeName(c.fileName(), "artifact.jar"));
    }

    // ---------------------------------------------------------------- http(s):

    private List<CodeJar> http(Fetch f, URI start) throws IOException, CodeException, InterruptedException {
        Validated known = validated.get(f.uri);
        URI current = start;
        for (int redirects = 0;; redirects++) {
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = send(f, current, known);
            try (BodyStream body = new BodyStream(f)) {
                response.body().subscribe(body);
                int status = response.statusCode();
                if (REDIRECTS.contains(status)) {
                    current = redirect(f, current, response, redirects + 1);
                    continue;
                }
                if (status == 304 && known != null) {
                    Path cached = cache.find(known.digest(), f.lease);
                    if (cached != null) {
                        return expand(f, new Stored(cached, known.digest(), Files.size(cached)), known.name());
                    }
                    known = null; // evicted meanwhile: download it whole
                    current = start;
                    redirects = -1;
                    continue;
                }
                if (status != 200) {
                    throw CodeException.unavailable("runtime_env: " + f.uri + " answered HTTP " + status
                            + (current.equals(start) ? "" : " (at " + current + ")"));
                }
                long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
                if (declared > limits.maxArtifactBytes()) {
                    throw f.tooLarge(f.uri + " (Content-Length " + declared + ")");
                }
                String path = current.getPath() == null ? "" : current.getPath();
                String name = CodeJar.safeName(path.substring(path.lastIndexOf('/') + 1), "download.jar");
                Stored stored = f.store(body, f.uri, false);
                String etag = response.headers().firstValue("etag").orElse(null);
                if (etag != null) {
                    if (validated.size() >= VALIDATED_MAX) {
                        validated.clear();
                    }
                    validated.put(f.uri, new Validated(etag, stored.digest(), name));
                } else {
                    validated.remove(f.uri);
                }
                return expand(f, stored, name);
            }
        }
    }

    private HttpResponse<Flow.Publisher<List<ByteBuffer>>> send(Fetch f, URI uri, Validated known)
            throws CodeException, InterruptedException {
        f.checkTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
                .timeout(Duration.ofNanos(Math.max(1, f.remainingNanos())));
        if (known != null) {
            request.header("If-None-Match", known.etag());
        }
        return sendRequest(http, f, request.build(), uri);
    }

    private HttpResponse<Flow.Publisher<List<ByteBuffer>>> sendRequest(HttpClient client, Fetch f, HttpRequest built, URI uri)
            throws CodeException, InterruptedException {
        f.checkTime();
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> future =
                client.sendAsync(built, HttpResponse.BodyHandlers.ofPublisher());
        try {
            return future.get(Math.max(1, f.remainingNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw f.timeLimit();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw f.timeLimit();
            }
            throw CodeException.unavailable("runtime_env: cannot download " + f.uri
                    + (uri.toString().equals(f.uri) ? "" : " (at " + uri + ")") + ": " + oneLine(cause));
        }
    }

    /** The next URI of a redirect: at most the limit, never from https: to anything else. */
    private URI redirect(Fetch f, URI from, HttpResponse<?> response, int count) throws CodeException {
        String location = response.headers().firstValue("location").orElse(null);
        if (location == null) {
            throw CodeException.unavailable("runtime_env: " + f.uri + " answered HTTP " + response.statusCode()
                    + " without a Location");
        }
        if (count > limits.maxRedirects()) {
            throw CodeException.refused("runtime_env: " + f.uri + " redirects more than " + limits.maxRedirects()
                    + " times (serve.code.max_redirects)");
        }
        URI to;
        try {
            to = from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw CodeException.refused("runtime_env: " + f.uri + " redirects to '" + location + "', which is not a URI");
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        if ("https".equalsIgnoreCase(from.getScheme()) && !scheme.equals("https")) {
            throw CodeException.refused("runtime_env: " + f.uri + " redirects from https: to " + to
                    + "; a download that starts on https: must stay on https:");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw CodeException.refused("runtime_env: " + f.uri + " redirects to " + to + "; only http: and https: are followed");
        }
        return to;
    }

    // ---------------------------------------------------------------- archives

    /** A bundle, or a jar with classes, is itself; an archive that holds jars and no classes is the jars it holds. */
    private static List<CodeJar> expand(Fetch f, Stored stored, String name)
            throws IOException, CodeException, InterruptedException {
        f.topDigest = stored.digest();
        ArchiveScan.Result scan = ArchiveScan.scan(f, stored, f.uri, true);
        CodeJar whole = new CodeJar(name, stored.file(), stored.digest(), scan.manifest());
        return whole.isBundle() || scan.classes() || scan.jars().isEmpty() ? List.of(whole) : scan.jars();
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The JVM's default trust: whom https: sources are trusted by in the node. */
    public static SSLContext jvmTrust() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
