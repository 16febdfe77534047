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
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;

/** New jars of code that is already installed, for runtime_env.working_dir. */
final class CodeJars {
    private CodeJars() {
    }

    /**
     * Writes {@code bundle}'s manifest and entries to {@code jar}, plus an entry holding {@code marker}
     * so that jars made with different markers differ in their bytes but not in their code.
     */
    static Path copyOf(Bundle bundle, Path jar, String marker) throws IOException {
        URL manifestEntry = bundle.getEntry("META-INF/MANIFEST.MF");
        assertNotNull(manifestEntry, bundle + " has no manifest");
        Manifest manifest;
        try (InputStream in = manifestEntry.openStream()) {
            manifest = new Manifest(in);
        }
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            Enumeration<URL> entries = bundle.findEntries("/", "*", true);
            while (entries != null && entries.hasMoreElements()) {
                URL entry = entries.nextElement();
                String name = entry.getPath().startsWith("/") ? entry.getPath().substring(1) : entry.getPath();
                if (name.isEmpty() || name.endsWith("/") || name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
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
