package io.osgiserve.node;

import java.util.Optional;

/** Immutable: the routes of one moment. */
public interface RouteTable {
    /** The route whose prefix is the longest one matching {@code path}, by whole path segments. */
    Optional<Route> match(String path);

    /** True when no application is deployed. */
    boolean isEmpty();
}
