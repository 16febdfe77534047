package io.osgiserve.runtime.code;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads a stored jar or zip once, entry by entry as a stream (no central directory in memory), within
 * the fetch's zip limits: its manifest, whether it holds classes, and (for the outer archive) the jars
 * it holds, stored in the cache.
 */
final class ArchiveScan {
    private static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final int MANIFEST_MAX = 1 << 20;

    record Result(Manifest manifest, boolean classes, List<CodeJar> jars) {
    }

    private ArchiveScan() {
    }

    /**
     * @param what names the archive in messages
     * @param extractJars whether to store the jars it holds (not for jars found inside an archive: one level)
     */
    static Result scan(Fetch f, Stored archive, String what, boolean extractJars)
            throws CodeException, InterruptedException, IOException {
        Manifest manifest = null;
        boolean classes = false;
        List<CodeJar> jars = new ArrayList<>();
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(archive.file())))) {
            for (ZipEntry e; (e = nextEntry(zip, f, what)) != null;) {
                f.countEntry(++entries, what);
                String name = e.getName();
                String entryWhat = what + "!/" + name;
                if (name.equalsIgnoreCase(MANIFEST)) {
                    manifest = new Manifest(new ByteArrayInputStream(f.readSmall(zip, MANIFEST_MAX, entryWhat)));
                } else if (extractJars && !e.isDirectory() && name.endsWith(".jar")) {
                    Stored inner = f.store(zip, entryWhat, true);
                    String jarName = CodeJar.safeName(name.substring(name.lastIndexOf('/') + 1), "inner.jar");
                    Result r = scan(f, inner, entryWhat, false);
                    jars.add(new CodeJar(jarName, inner.file(), inner.digest(), r.manifest()));
                } else {
                    classes |= name.endsWith(".class");
                    f.drain(zip, entryWhat);
                }
            }
        }
        if (entries == 0) {
            throw CodeException.refused("runtime_env: " + what + " is not a jar or a zip (no entries)");
        }
        return new Result(manifest, classes, jars);
    }

    private static ZipEntry nextEntry(ZipInputStream zip, Fetch f, String what)
            throws CodeException, InterruptedException, IOException {
        f.checkTime();
        try {
            return zip.getNextEntry();
        } catch (ZipException | IllegalArgumentException e) {
            throw CodeException.refused("runtime_env: " + what + " is not a readable jar or zip: " + e.getMessage());
        }
    }
}
