package io.osgiserve.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DashboardHandlerTest {

    private final DashboardSessions sessions =
            new DashboardSessions(DashboardSessions.sameAs("s3cret-token"), Duration.ofHours(1), 8, Clock.systemUTC());
    private final HttpClient http = HttpClient.newHttpClient();
    private Server server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new DashboardHandler(sessions));
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesItsPageScriptAndStylesWithAStrictPolicy() throws Exception {
        HttpResponse<String> page = send("GET", "/dashboard/", null);
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElse(""));
        assertTrue(page.body().contains("<script src=\"dashboard.js\""), page.body());
        assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("default-src 'none'"));
        assertEquals("nosniff", page.headers().firstValue("x-content-type-options").orElse(""));
        assertEquals("text/javascript; charset=utf-8",
                send("GET", "/dashboard/dashboard.js", null).headers().firstValue("content-type").orElse(""));
        assertEquals(200, send("GET", "/dashboard/dashboard.css", null).statusCode());
        assertEquals(302, send("GET", "/dashboard", null).statusCode());
    }

    @Test
    void noPathReachesAnythingButItsThreeFiles() throws Exception {
        for (String path : new String[] {"/dashboard/../../etc/passwd", "/dashboard/%2e%2e/pom.xml", "/dashboard/index.html",
                "/dashboard/io/osgiserve/dashboard/DashboardSessions.class", "/dashboard/dashboard.js/"}) {
            int status = send("GET", path, null).statusCode();
            assertTrue(status == 404 || status == 400, path + " answered " + status);
        }
        assertEquals(405, send("PUT", "/dashboard/", "x").statusCode());
    }

    @Test
    void signingInWithTheTokenSetsTheSessionCookieAndAWrongTokenIs401() throws Exception {
        HttpResponse<String> wrong = send("POST", "/dashboard/session", "not-it");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("set-cookie").isEmpty());

        HttpResponse<String> right = send("POST", "/dashboard/session", "s3cret-token\n");
        assertEquals(204, right.statusCode());
        String setCookie = right.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
        assertEquals("no-store", right.headers().firstValue("cache-control").orElse(""));
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertTrue(sessions.admits("GET", cookie));

        HttpResponse<String> out = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dashboard/session"))
                .header("Cookie", cookie).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, out.statusCode());
        assertTrue(!sessions.admits("GET", cookie), "signed out");
    }

    @Test
    void anOversizedSignInIsRefusedWith413() throws Exception {
        assertEquals(413, send("POST", "/dashboard/session", "x".repeat(DashboardSessions.MAX_TOKEN + 1)).statusCode());
        assertEquals(0, sessions.size());
    }

    @Test
    void otherPathsAreLeftToTheServer() throws Exception {
        assertEquals(404, send("GET", "/api/serve/applications/", null).statusCode());
        assertEquals(404, send("GET", "/dashboardx", null).statusCode());
    }
}
