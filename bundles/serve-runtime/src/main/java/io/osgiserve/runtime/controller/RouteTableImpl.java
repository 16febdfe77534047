package io.osgiserve.runtime.controller;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.node.Route;
import io.osgiserve.node.RouteTable;
import io.osgiserve.runtime.routing.DeploymentRouter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** An immutable route table: prefixes longest first, matched by whole path segments. */
final class RouteTableImpl implements RouteTable {
    static final RouteTableImpl EMPTY = new RouteTableImpl(List.of());

    private final List<RouteImpl> routes;

    private RouteTableImpl(List<RouteImpl> routes) {
        this.routes = routes;
    }

    /**
     * One route: a prefix, the deployment it leads to, that deployment's router, its application and
     * the application's access-log switch (empty: the node's setting).
     */
    record Entry(String prefix, String deployment, DeploymentRouter router, String application, Optional<Boolean> accessLog) {
        Entry(String prefix, String deployment, DeploymentRouter router) {
            this(prefix, deployment, router, "default", Optional.empty());
        }
    }

    /** @param prefixes deployment name to route prefix (deployments without a route left out) */
    static RouteTableImpl of(Map<String, String> prefixes, Map<String, DeploymentRouter> routers) {
        List<Entry> entries = new ArrayList<>();
        prefixes.forEach((name, prefix) -> entries.add(new Entry(prefix, name, routers.get(name))));
        return of(entries);
    }

    /** The routes of every application; the longest prefix is tried first. */
    static RouteTableImpl of(List<Entry> entries) {
        List<RouteImpl> list = new ArrayList<>();
        entries.forEach(e -> list.add(new RouteImpl(e)));
        list.sort(Comparator.comparingInt((RouteImpl r) -> r.prefix.length()).reversed());
        return new RouteTableImpl(List.copyOf(list));
    }

    @Override
    public Optional<Route> match(String path) {
        for (RouteImpl r : routes) {
            if (r.matches(path)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean isEmpty() {
        return routes.isEmpty();
    }

    private static final class RouteImpl implements Route {
        private final String prefix;
        private final String deployment;
        private final DeploymentRouter router;
        private final String application;
        private final Optional<Boolean> accessLog;

        RouteImpl(Entry e) {
            this.prefix = e.prefix();
            this.deployment = e.deployment();
            this.router = e.router();
            this.application = e.application();
            this.accessLog = e.accessLog();
        }

        boolean matches(String path) {
            if (prefix.equals("/")) {
                return true;
            }
            return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
        }

        @Override
        public String prefix() {
            return prefix;
        }

        @Override
        public String deployment() {
            return deployment;
        }

        @Override
        public String application() {
            return application;
        }

        @Override
        public Optional<Boolean> accessLog() {
            return accessLog;
        }

        @Override
        public CompletableFuture<Object> handle(HttpRequest request) {
            return router.call("call", new Object[] {request});
        }
    }
}
