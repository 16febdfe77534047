package io.osgiserve.itests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.osgi.framework.Bundle;

/**
 * Jars of code that is already installed, in the forms runtime_env takes: a bundle jar, a plain jar
 * without OSGi headers, a zip of jars.
 */
final class CodeJars {
    private CodeJars() {
    }

    /**
     * Writes {@code bundle}'s manifest and entries to {@code jar}, plus an entry holding {@code marker}
     * so that jars made with different markers differ in their bytes but not in their code.
     */
    static Path copyOf(Bundle bundle, Path jar, String marker) throws IOException {
        return copyOf(bundle, jar, marker, unchanged -> {
        });
    }

    /**
     * As {@link #copyOf(Bundle, Path, String)}, with {@code bundle}'s manifest main attributes changed by
     * {@code edit} first: the same code with other headers, as a rebuild with other bnd instructions makes.
     */
    static Path copyOf(Bundle bundle, Path jar, String marker, Consumer<Attributes> edit) throws IOException {
        URL manifestEntry = bundle.getEntry("META-INF/MANIFEST.MF");
        assertNotNull(manifestEntry, bundle + " has no manifest");
        Manifest manifest;
        try (InputStream in = manifestEntry.openStream()) {
            manifest = new Manifest(in);
        }
        edit.accept(manifest.getMainAttributes());
        return write(bundle, jar, manifest, marker);
    }

    /**
     * {@code bundle}'s entries as a plain jar: a manifest with no OSGi headers at all (no
     * Bundle-SymbolicName, no imports, no Serve-Module alias), as a library built without bnd has.
     */
    static Path plainCopyOf(Bundle bundle, Path jar, String marker) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Created-By", "osgi-serve itests");
        return write(bundle, jar, manifest, marker);
    }

    /** A plain jar with nothing in it but one text resource: a library the application does not use. */
    static Path unrelatedPlainJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("unrelated/notes.txt"));
            out.write("nothing to do with fruit".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    /** A zip (no manifest, no classes) holding each of {@code jars} under its entry name. */
    static Path zipOf(Path zip, Map<String, Path> jars) throws IOException {
        Files.createDirectories(zip.getParent());
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, Path> jar : jars.entrySet()) {
                out.putNextEntry(new ZipEntry(jar.getKey()));
                Files.copy(jar.getValue(), out);
                out.closeEntry();
            }
        }
        return zip;
    }

    /**
     * A bundle of the classes of {@code bundle} under {@code packagePath} only (say
     * {@code io/osgiserve/itests/quote}), importing what {@code imports} says and naming its module
     * with {@code serveModule}: a small application bundle made from classes the tester bundle has.
     */
    static Path bundleOfPackage(Bundle bundle, String packagePath, String symbolicName, String imports,
            String serveModule, Path jar, String marker) throws IOException {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", imports);
        a.putValue("Serve-Module", serveModule);
        return write(bundle, jar, manifest, marker, name -> name.startsWith(packagePath + "/"));
    }

    private static Path write(Bundle bundle, Path jar, Manifest manifest, String marker) throws IOException {
        return write(bundle, jar, manifest, marker, name -> true);
    }

    private static Path write(Bundle bundle, Path jar, Manifest manifest, String marker,
            java.util.function.Predicate<String> include) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            Enumeration<URL> entries = bundle.findEntries("/", "*", true);
            while (entries != null && entries.hasMoreElements()) {
                URL entry = entries.nextElement();
                String name = entry.getPath().startsWith("/") ? entry.getPath().substring(1) : entry.getPath();
                if (name.isEmpty() || name.endsWith("/") || name.equalsIgnoreCase("META-INF/MANIFEST.MF")
                        || !include.test(name)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                try (InputStream in = entry.openStream()) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("itest-build-marker.txt"));
            out.write(marker.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
