package io.osgiserve.metrics.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Handles by application, then by a name within it. A lookup of a handle that exists allocates
 * nothing (two map reads on strings whose hash is cached), so the ingress may look up per request.
 */
final class Handles<H> {

    private final Map<String, Map<String, H>> byApplication = new ConcurrentHashMap<>();

    /** The handle, or null when there is none. */
    H find(String application, String name) {
        Map<String, H> named = byApplication.get(application);
        return named == null ? null : named.get(name);
    }

    /**
     * Keeps {@code created} unless a handle got there first, and returns the one kept. A created handle
     * that loses the race holds no series yet (handles create their data points lazily or share them).
     */
    H add(String application, String name, H created) {
        H kept = byApplication.computeIfAbsent(application, a -> new ConcurrentHashMap<>()).putIfAbsent(name, created);
        return kept == null ? created : kept;
    }

    void remove(String application, String name, H handle) {
        Map<String, H> named = byApplication.get(application);
        if (named != null) {
            named.remove(name, handle);
        }
    }

    /** Forgets an application's handles and returns them (to be closed). */
    List<H> removeApplication(String application) {
        Map<String, H> named = byApplication.remove(application);
        return named == null ? List.of() : new ArrayList<>(named.values());
    }
}
