package io.osgiserve.runtime.code;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Makes one bundle of the plain (non-OSGi) jars of a runtime_env: the jars go in whole, on its
 * Bundle-ClassPath, so they share one class loader and see each other as they would on a class path;
 * what they need from the node (our API, the JDK) they import dynamically. The Serve-Module headers
 * of their manifests are carried over. The bundle is written to the cache, held by the lease.
 */
public final class PlainJars {
    public static final String SYMBOLIC_NAME_PREFIX = "serve.wrapped.";

    private PlainJars() {
    }

    public static CodeJar bundle(String identity, List<CodeJar> jars, CodeCache cache, CodeCache.Lease lease)
            throws IOException {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.putValue("Manifest-Version", "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", SYMBOLIC_NAME_PREFIX + jars.get(0).name().replaceAll("[^A-Za-z0-9_.-]", "_"));
        a.putValue("Bundle-Version", "0.0.0." + identity.substring(0, Math.min(12, identity.length())));
        a.putValue("DynamicImport-Package", "*");
        StringBuilder classPath = new StringBuilder(".");
        Set<String> modules = new LinkedHashSet<>();
        for (int i = 0; i < jars.size(); i++) {
            classPath.append(",lib/").append(i).append('-').append(jars.get(i).name());
            Manifest m = jars.get(i).manifest();
            String header = m == null ? null : m.getMainAttributes().getValue("Serve-Module");
            if (header != null) {
                modules.add(header);
            }
        }
        a.putValue("Bundle-ClassPath", classPath.toString());
        if (!modules.isEmpty()) {
            a.putValue("Serve-Module", String.join(",", modules));
        }
        Path temp = cache.temporaryFile();
        boolean done = false;
        try {
            MessageDigest sha = Fetch.sha256();
            try (OutputStream file = Files.newOutputStream(temp);
                    JarOutputStream jar = new JarOutputStream(new DigestOutputStream(file, sha), manifest)) {
                for (int i = 0; i < jars.size(); i++) {
                    jar.putNextEntry(new JarEntry("lib/" + i + "-" + jars.get(i).name()));
                    try (InputStream in = jars.get(i).open()) {
                        in.transferTo(jar);
                    }
                    jar.closeEntry();
                }
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            Path stored = cache.commit(temp, digest, lease);
            done = true;
            return new CodeJar(jars.get(0).name(), stored, digest, manifest);
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
