package io.osgiserve.config.impl;

/**
 * Ray's rule for {@code import_path}: {@code module:attr} with at most one colon, not first or last;
 * without a colon, at least one dot, not first or last ({@code module.attr} splits at the last dot).
 */
public final class ImportPaths {

    private static final String FORM = "write it as 'module:attribute' or 'module.attribute'";

    private ImportPaths() {
    }

    /** Why {@code text} is not an import path, or {@code null} when it is one. */
    public static String problem(String text) {
        if (text == null || text.isEmpty()) {
            return "must not be empty; " + FORM + " (for example 'fruit:deployment_graph')";
        }
        if (text.chars().anyMatch(Character::isWhitespace)) {
            return "must not contain whitespace (got '" + text + "')";
        }
        int colons = (int) text.chars().filter(c -> c == ':').count();
        if (colons > 1) {
            return "may have at most one ':' (got '" + text + "')";
        }
        if (colons == 1) {
            int colon = text.indexOf(':');
            if (colon == 0 || colon == text.length() - 1) {
                return "may not start or end with ':'; " + FORM + " (got '" + text + "')";
            }
            return null;
        }
        int dot = text.lastIndexOf('.');
        if (dot < 0) {
            return "needs a ':' or a '.' between the module and the attribute; " + FORM + " (got '" + text + "')";
        }
        if (text.startsWith(".") || dot == text.length() - 1) {
            return "may not start or end with '.'; " + FORM + " (got '" + text + "')";
        }
        return null;
    }
}
