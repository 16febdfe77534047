package io.osgiserve.http.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.config.NodeSettings;
import io.osgiserve.http.testing.FakeNode;
import io.osgiserve.http.testing.Http;
import io.osgiserve.node.DeployRefusedException;
import io.osgiserve.node.RouteTable;
import io.osgiserve.node.ServeNode;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/serve/events on a real agent: the node's recent events after a cursor, with the token or a dashboard session. */
class AgentEventsTest {
    private static final String TOKEN = "events-t0ken";

    private final FakeNode node = new FakeNode();
    private AgentServer agent;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        node.events.add(event(1, "deploy", null, "deploy accepted (generation 1)"));
        node.events.add(event(2, "replica_started", "MangoStand", "replica MangoStand#k2x9 is RUNNING"));
        agent = AgentServer.start(AgentSettings.loopback(0, Optional.of(TOKEN)), node, "0.1.0", null,
                NodeSettings.from(Map.<String, String>of()::get));
        http = new Http(agent.port(), TOKEN);
    }

    @AfterEach
    void stop() {
        agent.stop();
    }

    private static Map<String, Object> event(long seq, String kind, String deployment, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("seq", seq);
        e.put("time_s", 1700000000.5);
        e.put("application", "default");
        e.put("deployment", deployment);
        e.put("replica", null);
        e.put("kind", kind);
        e.put("message", message);
        return e;
    }

    @Test
    void theEventsAfterTheCursorComeAsJsonOldestFirst() throws Exception {
        HttpResponse<String> all = http.get("/api/serve/events");
        assertEquals(200, all.statusCode(), all.body());
        assertEquals("{\"events\": [{\"seq\": 1, \"time_s\": 1700000000.5, \"application\": \"default\", \"deployment\": null,"
                + " \"replica\": null, \"kind\": \"deploy\", \"message\": \"deploy accepted (generation 1)\"},"
                + " {\"seq\": 2, \"time_s\": 1700000000.5, \"application\": \"default\", \"deployment\": \"MangoStand\","
                + " \"replica\": null, \"kind\": \"replica_started\", \"message\": \"replica MangoStand#k2x9 is RUNNING\"}],"
                + " \"cursor\": 2, \"dropped\": 0}", all.body());
        HttpResponse<String> later = http.get("/api/serve/events?since=1");
        assertTrue(later.body().startsWith("{\"events\": [{\"seq\": 2,"), later.body());
        assertEquals(List.of(0L, 1L), node.eventsAsked, "no since is everything the node keeps");
    }

    @Test
    void aCursorThatIsNoWholeNumberOrNegativeIsRefusedAndTheNodeIsNotAsked() throws Exception {
        for (String bad : List.of("x", "-1", "1.5", "99999999999999999999", "1%0A2")) {
            HttpResponse<String> r = http.get("/api/serve/events?since=" + bad);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.body().contains("since"), r.body());
        }
        assertEquals(List.of(), node.eventsAsked);
    }

    @Test
    void theEventsNeedTheTokenOrTheDashboardsSessionAndOnlyGetIsAllowed() throws Exception {
        assertEquals(401, new Http(agent.port()).get("/api/serve/events").statusCode());
        assertEquals(405, http.send(http.request("/api/serve/events").DELETE()).statusCode());

        HttpResponse<String> signedIn = new Http(agent.port()).send(new Http(agent.port()).request("/dashboard/session")
                .POST(HttpRequest.BodyPublishers.ofString(TOKEN)));
        assertTrue(signedIn.statusCode() / 100 == 2, signedIn.statusCode() + " " + signedIn.body());
        String cookie = signedIn.headers().firstValue("set-cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> withSession = new Http(agent.port()).send(new Http(agent.port()).request("/api/serve/events")
                .header("Cookie", cookie));
        assertEquals(200, withSession.statusCode(), withSession.body());
        assertTrue(withSession.body().contains("replica MangoStand#k2x9 is RUNNING"), withSession.body());
    }

    @Test
    void aNodeThatKeepsNoHistoryAnswersNoEvents() throws Exception {
        ServeNode bare = new ServeNode() {
            @Override
            public void deploy(io.osgiserve.config.ConfigDocument config, InetAddress caller) throws DeployRefusedException {
            }

            @Override
            public Optional<io.osgiserve.config.ConfigDocument> goal() {
                return Optional.empty();
            }

            @Override
            public Map<String, Object> status() {
                return Map.of();
            }

            @Override
            public Map<String, Object> applications() {
                return Map.of();
            }

            @Override
            public void shutdown() {
            }

            @Override
            public RouteTable routes() {
                return node.routes();
            }
        };
        AgentServer plain = AgentServer.start(AgentSettings.loopback(0, Optional.of(TOKEN)), bare, "0.1.0");
        try {
            assertEquals("{\"events\": [], \"cursor\": 0, \"dropped\": 0}",
                    new Http(plain.port(), TOKEN).get("/api/serve/events").body());
        } finally {
            plain.stop();
        }
    }
}
