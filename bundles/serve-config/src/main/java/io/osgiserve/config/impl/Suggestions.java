package io.osgiserve.config.impl;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for a misspelt field name: a known name one edit away (a swap of two letters counts as one). */
public final class Suggestions {

    private Suggestions() {
    }

    /** The known name one edit away from {@code written}, or {@code null}. */
    public static String oneEditAway(String written, Collection<String> known) {
        String typed = written.toLowerCase(Locale.ROOT).replace('-', '_');
        for (String candidate : known) {
            if (distanceAtMostOne(typed, candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean distanceAtMostOne(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (a.length() == b.length()) {
            if (a.substring(i + 1).equals(b.substring(i + 1))) {
                return true;
            }
            return i + 1 < a.length() && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                    && a.substring(i + 2).equals(b.substring(i + 2));
        }
        return a.length() > b.length() ? a.substring(i + 1).equals(b.substring(i)) : a.substring(i).equals(b.substring(i + 1));
    }
}
