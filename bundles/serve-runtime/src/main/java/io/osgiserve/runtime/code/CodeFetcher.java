package io.osgiserve.runtime.code;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads what a runtime_env URI names: {@code file:} (a jar, a zip of jars, or a directory of jars),
 * {@code http:}/{@code https:} (a jar or a zip of jars, with time limits) and
 * {@code mvn:group/artifact/version[/type[/classifier]]} (from a local Maven repository). Every
 * failure is a {@link CodeException} whose one-line message names the URI.
 */
public final class CodeFetcher {
    private final Path mavenRepository;
    private final Duration timeout;

    public CodeFetcher(Path mavenRepository, Duration timeout) {
        this.mavenRepository = mavenRepository;
        this.timeout = timeout;
    }

    /** A failure to fetch code; the message is for the user. */
    public static final class CodeException extends Exception {
        private static final long serialVersionUID = 1L;

        public CodeException(String message) {
            super(message);
        }
    }

    /** True for URIs whose content is worth reading again on every deploy (local files: cheap, may change in place). */
    public static boolean isLocal(String uri) {
        return uri.startsWith("file:") || uri.startsWith("mvn:");
    }

    public List<CodeJar> fetch(String text) throws CodeException {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new CodeException("runtime_env: '" + text + "' is not a URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        try {
            return switch (scheme) {
                case "file" -> file(text, uri);
                case "http", "https" -> http(text, uri);
                case "mvn" -> mvn(text, uri.getSchemeSpecificPart());
                default -> throw new CodeException("runtime_env: unsupported URI scheme in '" + text
                        + "' (use file:, http:, https: or mvn:)");
            };
        } catch (IOException e) {
            throw new CodeException("runtime_env: cannot read " + text + ": " + e);
        }
    }

    private List<CodeJar> file(String text, URI uri) throws IOException, CodeException {
        if (uri.isOpaque() || uri.getPath() == null || !uri.getPath().startsWith("/")) {
            throw new CodeException("runtime_env: " + text + " must be an absolute file: URI, like file:///opt/app/app.jar");
        }
        String authority = uri.getAuthority();
        if (authority != null && !authority.isEmpty() && !authority.equals("localhost")) {
            throw new CodeException("runtime_env: " + text + " names another host (" + authority
                    + "); a file: URI must be local, like file:///opt/app/app.jar");
        }
        Path path = Paths.get(uri.getPath());
        if (Files.isDirectory(path)) {
            List<CodeJar> jars = new ArrayList<>();
            try (Stream<Path> files = Files.list(path)) {
                for (Path p : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    jars.add(new CodeJar(p.getFileName().toString(), Files.readAllBytes(p)));
                }
            }
            if (jars.isEmpty()) {
                throw new CodeException("runtime_env: the directory " + text + " holds no .jar files");
            }
            return jars;
        }
        if (!Files.exists(path)) {
            throw new CodeException("runtime_env: " + text + " does not exist");
        }
        return expand(path.getFileName().toString(), Files.readAllBytes(path));
    }

    private List<CodeJar> http(String text, URI uri) throws IOException, CodeException {
        URLConnection c = uri.toURL().openConnection();
        c.setConnectTimeout((int) timeout.toMillis());
        c.setReadTimeout((int) timeout.toMillis());
        if (c instanceof HttpURLConnection http) {
            int status = http.getResponseCode();
            if (status != 200) {
                throw new CodeException("runtime_env: " + text + " answered HTTP " + status
                        + (http.getResponseMessage() == null ? "" : " " + http.getResponseMessage()));
            }
        }
        try (InputStream in = c.getInputStream()) {
            String path = uri.getPath() == null ? "" : uri.getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            return expand(name.isEmpty() ? "download.jar" : name, in.readAllBytes());
        }
    }

    private List<CodeJar> mvn(String text, String coordinates) throws IOException, CodeException {
        String[] p = coordinates.split("/");
        if (p.length < 3 || p[0].isEmpty() || p[1].isEmpty() || p[2].isEmpty()) {
            throw new CodeException("runtime_env: " + text + " must be mvn:group/artifact/version[/type[/classifier]]");
        }
        String type = p.length > 3 && !p[3].isEmpty() ? p[3] : "jar";
        String classifier = p.length > 4 ? "-" + p[4] : "";
        Path path = mavenRepository.resolve(p[0].replace('.', '/')).resolve(p[1]).resolve(p[2])
                .resolve(p[1] + "-" + p[2] + classifier + "." + type);
        if (!Files.exists(path)) {
            throw new CodeException("runtime_env: " + text + " is not in the local Maven repository (" + path
                    + "); install it there (mvn install) or use a file: URI");
        }
        return expand(path.getFileName().toString(), Files.readAllBytes(path));
    }

    /** A bundle, or a jar with classes, is itself; an archive that holds jars and no classes is the jars it holds. */
    static List<CodeJar> expand(String name, byte[] bytes) throws IOException {
        CodeJar whole = new CodeJar(name, bytes);
        if (whole.isBundle()) {
            return List.of(whole);
        }
        List<CodeJar> inner = new ArrayList<>();
        boolean classes = false;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                if (e.getName().endsWith(".class")) {
                    classes = true;
                } else if (e.getName().endsWith(".jar") && !e.isDirectory()) {
                    String inner0 = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                    inner.add(new CodeJar(inner0, zip.readAllBytes()));
                }
            }
        }
        return classes || inner.isEmpty() ? List.of(whole) : inner;
    }
}
