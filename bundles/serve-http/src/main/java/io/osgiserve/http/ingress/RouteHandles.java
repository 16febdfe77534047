package io.osgiserve.http.ingress;

import io.osgiserve.metrics.HttpRouteMetrics;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.node.Route;
import io.osgiserve.node.RouteTable;
import java.util.Arrays;

/**
 * The metrics handle of each route of the current route table, looked up in {@link ServeMetrics} once per
 * route and table, then found by the route's identity: a request pays no map lookup and allocates nothing.
 * A new table starts afresh: the routes of a table gone (and the old code they hold) are let go at the
 * first request routed by its successor.
 */
final class RouteHandles {

    /** What one table's routes resolved to so far; replaced, never changed. */
    private record Known(RouteTable table, Route[] routes, HttpRouteMetrics[] handles) {}

    private static final Route[] NO_ROUTES = new Route[0];
    private static final HttpRouteMetrics[] NO_HANDLES = new HttpRouteMetrics[0];

    private final ServeMetrics metrics;
    private volatile Known known = new Known(null, NO_ROUTES, NO_HANDLES);

    RouteHandles(ServeMetrics metrics) {
        this.metrics = metrics;
    }

    /** The handle of {@code route}, a route of {@code table}. */
    HttpRouteMetrics of(RouteTable table, Route route) {
        Known k = known;
        if (k.table == table) {
            Route[] routes = k.routes;
            for (int i = 0; i < routes.length; i++) {
                if (routes[i] == route) {
                    return k.handles[i];
                }
            }
        }
        return learn(table, route);
    }

    private synchronized HttpRouteMetrics learn(RouteTable table, Route route) {
        Known k = known;
        if (k.table != table) {
            k = new Known(table, NO_ROUTES, NO_HANDLES);
        }
        for (int i = 0; i < k.routes.length; i++) {
            if (k.routes[i] == route) {
                return k.handles[i]; // another request learnt it meanwhile
            }
        }
        HttpRouteMetrics handle = metrics.httpRoute(route.application(), route.prefix());
        Route[] routes = Arrays.copyOf(k.routes, k.routes.length + 1);
        HttpRouteMetrics[] handles = Arrays.copyOf(k.handles, k.handles.length + 1);
        routes[k.routes.length] = route;
        handles[k.handles.length] = handle;
        known = new Known(table, routes, handles);
        return handle;
    }
}
