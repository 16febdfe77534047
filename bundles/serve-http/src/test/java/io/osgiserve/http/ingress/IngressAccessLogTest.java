package io.osgiserve.http.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.http.testing.FakeRoutes;
import io.osgiserve.http.testing.Http;
import io.osgiserve.node.Route;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An application's logging_config.enable_access_log decides for its routes; a route whose application
 * says nothing follows the node's serve.access.log. One line per answered request, with the application.
 */
class IngressAccessLogTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> ids = new CopyOnWriteArrayList<>();
    private final List<String> seenByReplica = new CopyOnWriteArrayList<>();
    private JettyIngress ingress;

    private Http open(boolean nodeSwitch) throws Exception {
        ingress = new JettyIngress(IngressLimits.defaults(), nodeSwitch,
                (id, application, route, deployment, replica, method, status, nanos) -> {
                    ids.add(id);
                    lines.add(application + " " + route + " " + deployment + " " + method + " " + status);
                });
        ingress.open("127.0.0.1", 0, () -> new FakeRoutes(Map.of(
                "/fruit", route("fruit", "/fruit", "DAGDriver", Optional.of(true)),
                "/greet", route("greeter", "/greet", "Greeter", Optional.empty()),
                "/quiet", route("quiet", "/quiet", "Quiet", Optional.of(false)),
                "/fail", route("fruit", "/fail", "Broken", Optional.of(true)))));
        return new Http(ingress.localPort().getAsInt());
    }

    @AfterEach
    void close() {
        if (ingress != null) {
            ingress.close();
        }
    }

    @Test
    void withTheNodesAccessLogOffOnlyTheApplicationThatAsksForItIsLogged() throws Exception {
        Http http = open(false);

        assertEquals(200, http.get("/fruit/x").statusCode());
        assertEquals(200, http.get("/greet").statusCode());
        assertEquals(200, http.get("/quiet").statusCode());
        assertEquals(404, http.get("/nowhere").statusCode());
        assertEquals(200, http.get("/fruit/y").statusCode());

        // a line is written once its answer is: wait for the last request's
        org.awaitility.Awaitility.await().until(() -> lines.size() >= 2);
        assertEquals(List.of("fruit /fruit DAGDriver GET 200", "fruit /fruit DAGDriver GET 200"), lines);
    }

    @Test
    void withTheNodesAccessLogOnAnApplicationMayTurnItOff() throws Exception {
        Http http = open(true);

        assertEquals(200, http.get("/fruit").statusCode());
        assertEquals(200, http.get("/greet").statusCode());
        assertEquals(200, http.get("/quiet").statusCode());
        assertEquals(404, http.get("/nowhere").statusCode());

        org.awaitility.Awaitility.await().until(() -> lines.size() >= 3);
        assertEquals(List.of("fruit /fruit DAGDriver GET 200", "greeter /greet Greeter GET 200",
                "null null null GET 404"), lines);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("quiet")));
    }

    @Test
    void theAccessLogTheReplicaAndA500NameTheSameRequestId() throws Exception {
        Http http = open(false);

        java.net.http.HttpResponse<String> kept = http.send(http.request("/fail").header("X-Request-Id", "client-7:a.b_c"));
        java.net.http.HttpResponse<String> replaced = http.send(http.request("/fail").header("X-Request-Id", "no spaces, <b>"));

        assertEquals(500, kept.statusCode());
        org.awaitility.Awaitility.await().until(() -> ids.size() >= 2);
        assertTrue(kept.body().contains("\"request_id\":\"client-7:a.b_c\""), kept.body());
        assertEquals(List.of("client-7:a.b_c"), ids.subList(0, 1));
        assertEquals("client-7:a.b_c", seenByReplica.get(0));
        String fresh = ids.get(1);
        assertTrue(fresh.matches("[0-9a-f]{16}"), "a header that is not a plain id is replaced: " + fresh);
        assertEquals(fresh, seenByReplica.get(1));
        assertTrue(replaced.body().contains("\"request_id\":\"" + fresh + "\""), replaced.body());
        assertEquals(fresh, replaced.headers().firstValue("X-Request-Id").orElse(null));
    }

    private Route route(String application, String prefix, String deployment, Optional<Boolean> accessLog) {
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
            public String application() {
                return application;
            }

            @Override
            public Optional<Boolean> accessLog() {
                return accessLog;
            }

            @Override
            public CompletableFuture<Object> handle(HttpRequest request) {
                if (deployment.equals("Broken")) {
                    seenByReplica.add(request.headers().get("x-request-id"));
                    return CompletableFuture.failedFuture(new IllegalStateException("no price list"));
                }
                return CompletableFuture.completedFuture("ok");
            }
        };
    }
}
