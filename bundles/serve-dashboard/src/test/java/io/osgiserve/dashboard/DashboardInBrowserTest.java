package io.osgiserve.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.dashboard.testing.Chromium;
import io.osgiserve.metrics.ReplicaMetrics;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.metrics.jetty.MetricsHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Chromium, as a person uses it: served by a Jetty with an agent's gate in front
 * (bearer token or the dashboard's session cookie, as the agent will check), the details documents a
 * real node answered after deploying FruitStand and then MangoStand's price 5 (recorded with bin/serve,
 * in src/test/resources), and real /metrics from a {@link ServeMetrics} that records traffic.
 */
class DashboardInBrowserTest {

    private static final String TOKEN = "fruit-t0ken";
    private static final List<String> DEPLOYMENTS = List.of("MangoStand", "OrangeStand", "PearStand", "FruitMarket", "DAGDriver");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final DashboardSessions sessions =
            new DashboardSessions(DashboardSessions.sameAs(TOKEN), Duration.ofHours(1), 8, Clock.systemUTC());
    private final ServeMetrics metrics = ServeMetrics.prometheus();
    private final AtomicReference<String> details = new AtomicReference<>(resource("fruit-details.json"));
    /** The node's event history: FruitStand's deploy (before the page opens), then the price-5 deploy's events. */
    private final EventsHandler events = new EventsHandler();
    private Server server;
    private int port;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Sequence(new DashboardHandler(sessions), new AgentGate(), new MetricsHandler(metrics),
                events, new DetailsHandler()));
        server.start();
        port = connector.getLocalPort();
        browser = Chromium.headless(1400, 1000);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        server.stop();
    }

    @Test
    void signedInItShowsFruitStandHealthyLiveRatesAndAPrice5DeployWithoutReloading() throws Exception {
        browser.get("http://127.0.0.1:" + port + "/dashboard/");
        // the page re-renders its tables on every refresh, so an element found may be replaced before it is read
        wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(StaleElementReferenceException.class);

        // the agent wants its token: the sign-in form shows; a wrong token is refused on the page
        wait.until(d -> d.findElement(By.id("sign-in")).isDisplayed());
        signIn("not-the-token");
        wait.until(d -> d.findElement(By.id("sign-in-error")).getText().contains("not this node's token"));
        signIn(TOKEN);
        wait.until(d -> d.findElement(By.id("main")).isDisplayed());

        for (String deployment : DEPLOYMENTS) {
            wait.until(d -> statusOf(deployment).equals("HEALTHY"));
        }
        // what happened before the page opened is listed: the node kept it
        wait.until(d -> d.findElement(By.id("events")).getText().contains("deploy default: deploy accepted (generation 1)"));
        assertTrue(textOf(By.id("events")).contains("replica_started default / MangoStand / MangoStand#6cX21B: replica"
                + " MangoStand#6cX21B is RUNNING"), textOf(By.id("events")));
        assertEquals("RUNNING", textOf(By.cssSelector("[data-application='default'] h3 .status")));
        assertTrue(textOf(By.cssSelector("tr[data-deployment='MangoStand']")).contains("MangoStand#nk2n1K"), "replicas listed");

        // traffic between two scrapes shows as a rate on MangoStand's row
        ReplicaMetrics mango = metrics.replica("default", "MangoStand", "MangoStand#6cX21B");
        wait.until(d -> {
            mango.requestStarted();
            mango.requestFinished(false, 3_000_000);
            return Double.parseDouble(cell("MangoStand", "rps").replace("–", "0")) > 0;
        });
        assertEquals("0.00", cell("MangoStand", "errors"));

        // a price-5 deploy appears by itself: the event and the new config, with no page load in between
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = 'yes';");
        details.set(resource("fruit-details-price5.json"));
        events.price5Deployed = true;
        wait.until(d -> d.findElement(By.id("events")).getText().contains("deploy default: deploy accepted (generation 2)"));
        String shown = textOf(By.id("events"));
        assertTrue(shown.contains("update default / MangoStand: lightweight update, replicas stay: user_config"), shown);
        assertTrue(shown.contains("reconfigure default / MangoStand / MangoStand#6cX21B: user_config applied"), shown);
        assertTrue(shown.contains("replica_replaced default / OrangeStand / OrangeStand#d1eD01: replica OrangeStand#d1eD01"
                + " failed 3 health checks in a row and is being replaced: java.lang.IllegalStateException: juice machine broken"),
                shown);
        assertTrue(shown.indexOf("(generation 2)") < shown.indexOf("(generation 1)"), "newest first: " + shown);
        assertEquals(1, shown.split("deploy accepted \\(generation 1\\)", -1).length - 1, "each event once: " + shown);
        Path shot = Path.of("target", "dashboard.png"); // what a person saw, for the README
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        wait.until(d -> {
            d.findElement(By.cssSelector("[data-application='default'] details summary")).click();
            return true;
        });
        wait.until(d -> d.findElement(By.cssSelector("[data-application='default'] pre.config")).getText()
                .contains("\"price\": 5"));
        assertEquals("yes", ((JavascriptExecutor) browser).executeScript("return window.sameDocument;"));

    }

    private void signIn(String token) {
        WebElement input = browser.findElement(By.id("token"));
        input.clear();
        input.sendKeys(token);
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
    }

    private String statusOf(String deployment) {
        List<WebElement> status = browser.findElements(By.cssSelector("tr[data-deployment='" + deployment + "'] .status"));
        return status.isEmpty() ? "" : status.get(0).getText();
    }

    private String cell(String deployment, String column) {
        return textOf(By.cssSelector("tr[data-deployment='" + deployment + "'] td." + column));
    }

    /** The element's text, read again when a refresh replaced the element between finding and reading it. */
    private String textOf(By by) {
        return wait.until(d -> d.findElement(by).getText());
    }

    /** The agent's check as it will be: the bearer token, or for reads a dashboard session. */
    private final class AgentGate extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String bearer = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            if (("Bearer " + TOKEN).equals(bearer)
                    || sessions.admits(request.getMethod(), request.getHeaders().get(HttpHeader.COOKIE))) {
                return false;
            }
            write(response, callback, 401, "text/plain", "this node needs its token");
            return true;
        }
    }

    /**
     * {@code GET /api/serve/events?since=C} as the node answers it: FruitStand's deploy (seq 1-19, in
     * fruit-events.json), then once {@link #price5Deployed} the price-5 deploy's events (seq 20-26).
     */
    private static final class EventsHandler extends Handler.Abstract {
        private static final String EMPTY = "{\"events\": [], \"cursor\": %d, \"dropped\": 0}";
        volatile boolean price5Deployed;

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!Request.getPathInContext(request).equals("/api/serve/events")) {
                return false;
            }
            String since = Request.extractQueryParameters(request).getValue("since");
            long cursor = since == null ? 0 : Long.parseLong(since);
            String body;
            if (cursor < 19) {
                body = resource("fruit-events.json"); // the page asks from 0 when it opens, before the price-5 deploy
            } else if (price5Deployed && cursor < 26) {
                body = resource("fruit-events-price5.json");
            } else {
                body = String.format(EMPTY, price5Deployed ? 26 : 19);
            }
            write(response, callback, 200, "application/json", body);
            return true;
        }
    }

    /** {@code GET /api/serve/applications/}: the details document in the node's shape. */
    private final class DetailsHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!Request.getPathInContext(request).equals("/api/serve/applications/")) {
                write(response, callback, 404, "text/plain", "not here");
                return true;
            }
            write(response, callback, 200, "application/json", details.get());
            return true;
        }
    }

    private static void write(Response response, Callback callback, int status, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private static String resource(String name) {
        try (InputStream in = DashboardInBrowserTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
