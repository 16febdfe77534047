package io.osgiserve.runtime.code;

import io.osgiserve.api.ApplicationGraph;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, String> modules = new LinkedHashMap<>();
        for (int i = 0; i < jars.size(); i++) {
            classPath.append(",lib/").append(i).append('-').append(jars.get(i).name());
            Manifest m = jars.get(i).manifest();
            if (m != null) {
                ApplicationGraph.moduleAliases(m.getMainAttributes().getValue(ApplicationGraph.MODULE_HEADER))
                        .forEach(modules::putIfAbsent); // the first jar that names an alias keeps it
            }
        }
        a.putValue("Bundle-ClassPath", classPath.toString());
        if (!modules.isEmpty()) {
            StringBuilder header = new StringBuilder();
            modules.forEach((alias, type) -> header.append(header.length() == 0 ? "" : ",").append(alias).append('=').append(type));
            a.putValue(ApplicationGraph.MODULE_HEADER, header.toString());
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
