package io.osgiserve.itests;

import java.util.Arrays;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** Finding bundles in the test framework. */
final class Bundles {
    private Bundles() {
    }

    /** The installed bundle with this symbolic name and the highest bundle id, or null. */
    static Bundle bySymbolicName(BundleContext context, String symbolicName) {
        return Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .reduce((first, later) -> later)
                .orElse(null);
    }
}
