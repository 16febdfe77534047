package io.osgiserve.config;

import io.osgiserve.config.impl.ImportPaths;

/**
 * Where the application is: {@code module:attribute}, or {@code module.attribute} split at the last dot.
 * The module is a fully qualified class or a module alias that a bundle declares; the attribute a
 * public static field or no-argument method of it.
 */
public record ImportPath(String module, String attribute) {

    /** Parses by the same rule as the config's validation; the error's path is {@code import_path}. */
    public static ImportPath parse(String text) throws ConfigException {
        String problem = ImportPaths.problem(text);
        if (problem != null) {
            throw new ConfigException("import_path", problem);
        }
        int colon = text.indexOf(':');
        int split = colon >= 0 ? colon : text.lastIndexOf('.');
        return new ImportPath(text.substring(0, split), text.substring(split + 1));
    }

    @Override
    public String toString() {
        return module + ":" + attribute;
    }
}
