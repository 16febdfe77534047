package io.osgiserve.runtime.code;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Manifest;

/**
 * One jar of a runtime_env, as fetched: its file name, its file in the {@link CodeCache}, the SHA-256
 * of its bytes, and its manifest (null when it has none), read once within the fetch's limits.
 */
public record CodeJar(String name, Path file, String digest, Manifest manifest) {

    /** True when the jar's manifest makes it an OSGi bundle (it has a Bundle-SymbolicName). */
    public boolean isBundle() {
        return manifest != null && manifest.getMainAttributes().getValue("Bundle-SymbolicName") != null;
    }

    public InputStream open() throws IOException {
        return Files.newInputStream(file);
    }

    /** A file name safe in a bundle location and a jar entry: letters, digits, '.', '_' and '-', at most 100. */
    static String safeName(String name, String fallback) {
        String safe = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 100) {
            safe = safe.substring(safe.length() - 100);
        }
        return safe.isEmpty() || safe.chars().allMatch(c -> c == '.') ? fallback : safe;
    }
}
