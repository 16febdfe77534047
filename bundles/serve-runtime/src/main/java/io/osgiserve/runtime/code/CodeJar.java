package io.osgiserve.runtime.code;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/** One jar of a runtime_env: its file name and bytes. */
public record CodeJar(String name, byte[] bytes) {

    /** True when the jar's manifest makes it an OSGi bundle (it has a Bundle-SymbolicName). */
    public boolean isBundle() {
        Manifest m = manifest();
        return m != null && m.getMainAttributes().getValue("Bundle-SymbolicName") != null;
    }

    /** The jar's manifest, or null. */
    public Manifest manifest() {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bytes))) {
            return in.getManifest();
        } catch (IOException e) {
            return null;
        }
    }
}
