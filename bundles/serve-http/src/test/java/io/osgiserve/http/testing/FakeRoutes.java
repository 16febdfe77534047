package io.osgiserve.http.testing;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.node.Route;
import io.osgiserve.node.RouteTable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A route table over a fixed map of prefixes, matched by whole path segments, longest first. */
public final class FakeRoutes implements RouteTable {

    private final Map<String, Route> byPrefix;

    public FakeRoutes(Map<String, Route> byPrefix) {
        this.byPrefix = Map.copyOf(byPrefix);
    }

    public static Route route(String prefix, String deployment, Function<HttpRequest, CompletableFuture<Object>> handler) {
        return new Route() {
            @Override
            public String prefix() {
                return prefix;
            }

            @Override
            public String deployment() {
                return deployment;
            }

            @Override
            public CompletableFuture<Object> handle(HttpRequest request) {
                return handler.apply(request);
            }
        };
    }

    @Override
    public Optional<Route> match(String path) {
        for (String candidate = path; ; ) {
            Route route = byPrefix.get(candidate.isEmpty() ? "/" : candidate);
            if (route != null) {
                return Optional.of(route);
            }
            if (candidate.isEmpty() || candidate.equals("/")) {
                return Optional.empty();
            }
            candidate = candidate.substring(0, candidate.lastIndexOf('/'));
        }
    }

    @Override
    public boolean isEmpty() {
        return byPrefix.isEmpty();
    }
}
