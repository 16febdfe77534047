package io.osgiserve.runtime.code;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * of their manifests are carried over.
 */
public final class PlainJars {
    public static final String SYMBOLIC_NAME_PREFIX = "serve.wrapped.";

    private PlainJars() {
    }

    public static CodeJar bundle(String identity, List<CodeJar> jars) throws IOException {
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (int i = 0; i < jars.size(); i++) {
                jar.putNextEntry(new JarEntry("lib/" + i + "-" + jars.get(i).name()));
                jar.write(jars.get(i).bytes());
                jar.closeEntry();
            }
        }
        return new CodeJar(jars.get(0).name(), out.toByteArray());
    }
}
