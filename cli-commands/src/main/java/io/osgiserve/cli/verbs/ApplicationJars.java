package io.osgiserve.cli.verbs;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jars an application is loaded from outside a node ({@code serve build}): {@code file:} URIs (or
 * plain paths) of jars or of directories of jars, plus the distribution's examples.
 */
public final class ApplicationJars {
    private ApplicationJars() {
    }

    /**
     * The jars of {@code workingDirs}, then those under {@code examples} (if it is a directory), in a
     * class loader whose parent is {@code parent} (which must see serve-api).
     */
    public static URLClassLoader classLoader(List<String> workingDirs, Path examples, ClassLoader parent) {
        List<URL> urls = new ArrayList<>();
        for (String workingDir : workingDirs) {
            Path path = path(workingDir);
            List<Path> jars = jars(path);
            if (jars.isEmpty()) {
                throw new UserError("--working-dir " + workingDir + ": "
                        + (Files.exists(path) ? "no .jar files in it." : "no such file or directory."));
            }
            jars.forEach(jar -> urls.add(url(jar)));
        }
        if (examples != null && Files.isDirectory(examples)) {
            jars(examples).forEach(jar -> urls.add(url(jar)));
        }
        return new URLClassLoader("serve-build", urls.toArray(URL[]::new), parent);
    }

    private static Path path(String workingDir) {
        if (!workingDir.contains(":") || workingDir.matches("^[A-Za-z]:[\\\\/].*")) {
            return Path.of(workingDir);
        }
        URI uri = URI.create(workingDir);
        if (!"file".equals(uri.getScheme())) {
            throw new UserError("--working-dir " + workingDir + ": serve build loads code from file: URIs only"
                    + " (download the jar and give its path).");
        }
        return Path.of(uri);
    }

    private static List<Path> jars(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(path, 2)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UserError("Cannot list " + path + ": " + e.getMessage(), e);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UserError("Cannot use " + jar + " as a jar: " + e.getMessage(), e);
        }
    }
}
