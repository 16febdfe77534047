package io.osgiserve.rest.impl;

import io.osgiserve.rest.DocsAssets;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** The swagger-ui webjar where this code runs: its bundle inside an OSGi framework, else the class path. */
public final class InstalledWebjar {
    /** The webjar's bundle; it exports no package, so its files are read as bundle entries. */
    static final String SYMBOLIC_NAME = "org.webjars.swagger-ui";

    private InstalledWebjar() {
    }

    public static DocsAssets assets() {
        try {
            DocsAssets inFramework = InFramework.assets();
            if (inFramework != null) {
                return inFramework;
            }
        } catch (NoClassDefFoundError noOsgi) {
            // no OSGi API on the class path: a plain Java process
        }
        return DocsAssets.fromClassPath(InstalledWebjar.class.getClassLoader());
    }

    /** Links against the OSGi API: loaded only when {@link #assets()} asks, so plain Java runs without it. */
    private static final class InFramework {
        static DocsAssets assets() {
            Bundle self = FrameworkUtil.getBundle(InstalledWebjar.class);
            if (self == null) {
                return null;
            }
            Bundle webjar = null;
            for (Bundle b : self.getBundleContext().getBundles()) {
                if (SYMBOLIC_NAME.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED
                        && (webjar == null || b.getVersion().compareTo(webjar.getVersion()) > 0)) {
                    webjar = b;
                }
            }
            if (webjar == null) {
                return name -> null;
            }
            return DocsAssets.fromWebjar(webjar::getEntry);
        }
    }
}
