package io.osgiserve.runtime.osgi;

import io.osgiserve.api.ApplicationGraph;
import io.osgiserve.config.ImportPath;
import io.osgiserve.config.RuntimeEnv;
import io.osgiserve.runtime.controller.CodeInstaller;
import io.osgiserve.runtime.controller.DeployFailure;
import io.osgiserve.runtime.controller.InstalledCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Installs the code a runtime_env names: {@code file:}, {@code http(s):} and {@code mvn:} URIs of a
 * bundle jar, a zip of jars or a directory of jars. A plain jar without OSGi headers is wrapped (it
 * imports what it needs dynamically). The same bytes are installed once; new code goes in beside the
 * old (our collision hook allows the same symbolic name and version twice), the old is uninstalled by
 * the controller once no deployment runs it.
 */
final class BundleCodeInstaller implements CodeInstaller {
    static final String LOCATION_PREFIX = "serve:";

    private final BundleContext context;
    private final Path mavenRepository;
    private final Map<String, BundleCode> byIdentity = new ConcurrentHashMap<>();
    private final InstalledBundles installed;

    BundleCodeInstaller(BundleContext context, Path mavenRepository) {
        this.context = context;
        this.mavenRepository = mavenRepository;
        this.installed = new InstalledBundles();
    }

    @Override
    public InstalledCode install(RuntimeEnv env) throws DeployFailure {
        if (env.isEmpty() || (env.workingDir().isEmpty() && env.bundles().isEmpty())) {
            return installed;
        }
        List<String> uris = new ArrayList<>();
        env.workingDir().ifPresent(uris::add);
        uris.addAll(env.bundles());
        List<Jar> jars = new ArrayList<>();
        for (String uri : uris) {
            jars.addAll(fetch(uri));
        }
        MessageDigest all = sha256();
        for (Jar jar : jars) {
            all.update(sha256().digest(jar.bytes));
        }
        String identity = HexFormat.of().formatHex(all.digest());
        BundleCode known = byIdentity.get(identity);
        if (known != null) {
            return known;
        }
        List<Bundle> bundles = new ArrayList<>();
        try {
            for (int i = 0; i < jars.size(); i++) {
                Jar jar = jars.get(i);
                String location = LOCATION_PREFIX + identity.substring(0, 16) + "/" + i + "/" + jar.name;
                Bundle existing = context.getBundle(location);
                bundles.add(existing != null ? existing
                        : context.installBundle(location, new ByteArrayInputStream(asBundle(jar))));
            }
            for (Bundle b : bundles) {
                if (b.getHeaders().get("Fragment-Host") == null) {
                    b.start();
                }
            }
        } catch (BundleException | IOException e) {
            bundles.forEach(BundleCodeInstaller::quietlyUninstall);
            throw new DeployFailure("runtime_env: cannot install the code of " + uris + ": " + e.getMessage());
        }
        BundleCode code = new BundleCode(identity, bundles);
        byIdentity.put(identity, code);
        return code;
    }

    @Override
    public void uninstall(InstalledCode code) {
        if (code instanceof BundleCode bc) {
            byIdentity.remove(bc.identity);
            bc.bundles.forEach(BundleCodeInstaller::quietlyUninstall);
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null);
        }
    }

    private static void quietlyUninstall(Bundle b) {
        try {
            b.uninstall();
        } catch (BundleException | IllegalStateException e) {
            // already uninstalled
        }
    }

    // ------------------------------------------------------------ fetching

    private record Jar(String name, byte[] bytes) {
    }

    private List<Jar> fetch(String text) throws DeployFailure {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new DeployFailure("runtime_env: '" + text + "' is not a URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        try {
            switch (scheme) {
                case "file" -> {
                    Path path = Paths.get(uri);
                    if (Files.isDirectory(path)) {
                        List<Jar> jars = new ArrayList<>();
                        try (Stream<Path> files = Files.list(path)) {
                            for (Path p : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                                jars.add(new Jar(p.getFileName().toString(), Files.readAllBytes(p)));
                            }
                        }
                        if (jars.isEmpty()) {
                            throw new DeployFailure("runtime_env: the directory " + path + " holds no .jar files");
                        }
                        return jars;
                    }
                    if (!Files.exists(path)) {
                        throw new DeployFailure("runtime_env: " + text + " does not exist");
                    }
                    return expand(path.getFileName().toString(), Files.readAllBytes(path));
                }
                case "http", "https" -> {
                    try (InputStream in = uri.toURL().openStream()) {
                        String name = Paths.get(uri.getPath()).getFileName().toString();
                        return expand(name, in.readAllBytes());
                    }
                }
                case "mvn" -> {
                    Path path = mavenPath(uri.getSchemeSpecificPart());
                    if (!Files.exists(path)) {
                        throw new DeployFailure("runtime_env: " + text + " is not in the local Maven repository ("
                                + path + "); install it there (mvn install) or use a file: URI");
                    }
                    return expand(path.getFileName().toString(), Files.readAllBytes(path));
                }
                default -> throw new DeployFailure("runtime_env: unsupported URI scheme in '" + text
                        + "' (use file:, http:, https: or mvn:)");
            }
        } catch (IOException e) {
            throw new DeployFailure("runtime_env: cannot read " + text + ": " + e);
        }
    }

    /** mvn:group/artifact/version[/type[/classifier]] in the local repository. */
    private Path mavenPath(String coordinates) throws DeployFailure {
        String[] p = coordinates.split("/");
        if (p.length < 3) {
            throw new DeployFailure("runtime_env: mvn:" + coordinates + " must be mvn:group/artifact/version");
        }
        String type = p.length > 3 && !p[3].isEmpty() ? p[3] : "jar";
        String classifier = p.length > 4 ? "-" + p[4] : "";
        return mavenRepository.resolve(p[0].replace('.', '/')).resolve(p[1]).resolve(p[2])
                .resolve(p[1] + "-" + p[2] + classifier + "." + type);
    }

    /** A jar is itself; a zip that holds jars and no classes is the jars it holds. */
    private static List<Jar> expand(String name, byte[] bytes) throws IOException {
        List<Jar> inner = new ArrayList<>();
        boolean classes = false;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                if (e.getName().endsWith(".class") || e.getName().equals("META-INF/MANIFEST.MF")) {
                    classes = true;
                } else if (e.getName().endsWith(".jar") && !e.isDirectory()) {
                    inner.add(new Jar(Paths.get(e.getName()).getFileName().toString(), zip.readAllBytes()));
                }
            }
        }
        return classes || inner.isEmpty() ? List.of(new Jar(name, bytes)) : inner;
    }

    /** The jar as it is when it is a bundle; else the same entries under a manifest that makes it one. */
    private static byte[] asBundle(Jar jar) throws IOException {
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar.bytes))) {
            manifest = in.getManifest();
            if (manifest != null && manifest.getMainAttributes().getValue("Bundle-SymbolicName") != null) {
                return jar.bytes;
            }
            Manifest wrapped = manifest == null ? new Manifest() : new Manifest(manifest);
            Attributes a = wrapped.getMainAttributes();
            a.putValue("Manifest-Version", "1.0");
            a.putValue("Bundle-ManifestVersion", "2");
            a.putValue("Bundle-SymbolicName", "serve.wrapped." + jar.name.replaceAll("[^A-Za-z0-9_.-]", "_"));
            a.putValue("Bundle-Version", "0.0.0");
            a.putValue("DynamicImport-Package", "*");
            ByteArrayOutputStream out = new ByteArrayOutputStream(jar.bytes.length + 512);
            try (JarOutputStream jout = new JarOutputStream(out, wrapped)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                    jout.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(jout);
                    jout.closeEntry();
                }
            }
            return out.toByteArray();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------ loading

    /** Finds the module's class: a Serve-Module alias first, else a class name, in {@code candidates}. */
    private static ApplicationGraph load(ImportPath path, List<Bundle> candidates, String where) throws DeployFailure {
        String className = path.module();
        for (Bundle b : candidates) {
            String header = b.getHeaders().get(ApplicationGraph.MODULE_HEADER);
            if (header != null) {
                for (String entry : header.split(",")) {
                    String[] kv = entry.trim().split("=", 2);
                    if (kv.length == 2 && kv[0].trim().equals(path.module())) {
                        return loadFrom(b, kv[1].trim(), path);
                    }
                }
            }
        }
        String resource = className.replace('.', '/') + ".class";
        for (Bundle b : candidates) {
            if (b.getEntry(resource) != null) {
                return loadFrom(b, className, path);
            }
        }
        throw new DeployFailure("import_path: no module '" + path.module() + "' in " + where
                + ": no bundle declares it in its " + ApplicationGraph.MODULE_HEADER
                + " header and no bundle holds a class of that name");
    }

    private static ApplicationGraph loadFrom(Bundle b, String className, ImportPath path) throws DeployFailure {
        Class<?> type;
        try {
            type = b.loadClass(className);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new DeployFailure("import_path: bundle " + b.getSymbolicName() + " cannot load " + className + ": "
                    + e.getMessage());
        } catch (ExceptionInInitializerError e) {
            throw new DeployFailure("import_path: " + className + " failed to initialize: "
                    + DeployFailure.describe(e.getCause()));
        }
        try {
            return ApplicationGraph.load(type, path.attribute());
        } catch (IllegalArgumentException e) {
            throw new DeployFailure(e.getMessage().startsWith("import_path") ? e.getMessage()
                    : "import_path: " + e.getMessage());
        } catch (ExceptionInInitializerError e) {
            throw new DeployFailure("import_path: " + className + " failed to initialize: "
                    + DeployFailure.describe(e.getCause()));
        }
    }

    /** Code that runtime_env installed: its bundles only. */
    private static final class BundleCode implements InstalledCode {
        private final String identity;
        private final List<Bundle> bundles;

        BundleCode(String identity, List<Bundle> bundles) {
            this.identity = identity;
            this.bundles = List.copyOf(bundles);
        }

        @Override
        public String identity() {
            return identity;
        }

        @Override
        public ApplicationGraph load(ImportPath path) throws DeployFailure {
            return BundleCodeInstaller.load(path, bundles, "the bundles of runtime_env");
        }
    }

    /** An empty runtime_env: the code is whatever is installed already (bundles we installed ourselves last). */
    private final class InstalledBundles implements InstalledCode {
        private volatile String identity = "installed";

        @Override
        public String identity() {
            return identity;
        }

        @Override
        public ApplicationGraph load(ImportPath path) throws DeployFailure {
            List<Bundle> own = new ArrayList<>();
            List<Bundle> ours = new ArrayList<>();
            for (Bundle b : context.getBundles()) {
                if (b.getState() == Bundle.UNINSTALLED || b.getHeaders().get("Fragment-Host") != null) {
                    continue;
                }
                (b.getLocation().startsWith(LOCATION_PREFIX) ? ours : own).add(b);
            }
            own.addAll(ours);
            ApplicationGraph graph = BundleCodeInstaller.load(path, own, "the installed bundles");
            Bundle source = org.osgi.framework.FrameworkUtil.getBundle(graph.ingress().deployment().type());
            identity = source == null ? "installed" : "installed:" + source.getBundleId() + "@" + source.getLastModified();
            return graph;
        }
    }
}
