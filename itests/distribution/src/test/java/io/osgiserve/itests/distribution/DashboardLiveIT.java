package io.osgiserve.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.dashboard.testing.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * The dashboard of a running node (serve start, the distribution) in headless Chromium, as a person
 * uses it: signs in with the node's token, sees FruitStand's five deployments HEALTHY and its deploy's
 * events (from before the page opened), and sees a price-5 deploy (the events and the new config) appear
 * without reloading the page.
 */
class DashboardLiveIT {
    private static final List<String> DEPLOYMENTS = List.of("MangoStand", "OrangeStand", "PearStand", "FruitMarket", "DAGDriver");
    private static final Duration WAIT = Duration.ofSeconds(90);

    private Installation node;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        node = Installation.copyFor(getClass());
        Installation.Result started = node.start();
        assertEquals(0, started.exitCode(), started::describe);
        Installation.Result deployed = node.serve("deploy", node.home().resolve("examples/fruit_config.yaml").toString());
        assertEquals(0, deployed.exitCode(), deployed::describe);
        browser = Chromium.headless(1400, 1100);
        wait = new WebDriverWait(browser, WAIT);
        // the page re-renders its tables on every refresh, so an element found may be replaced before it is read
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void signedInWithTheTokenItShowsFruitStandHealthyAndAPrice5DeployWithoutReloading() throws Exception {
        browser.get(node.agentAddress() + "/dashboard/");
        wait.until(d -> d.findElement(By.id("sign-in")).isDisplayed());
        WebElement input = browser.findElement(By.id("token"));
        input.sendKeys(Files.readString(node.dataDir().resolve("agent.token")).trim());
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
        wait.until(d -> d.findElement(By.id("main")).isDisplayed());

        for (String deployment : DEPLOYMENTS) {
            wait.until(d -> statusOf(deployment).equals("HEALTHY"));
        }
        wait.until(d -> text(By.cssSelector("[data-application='default'] h3 .status")).equals("RUNNING"));
        // the FruitStand deploy happened before the page opened: the node kept it
        wait.until(d -> text(By.id("events")).contains("deploy default: deploy accepted (generation 1)")
                && text(By.id("events")).contains("replica_started default / MangoStand / MangoStand#"));

        // traffic shows as a live rate on MangoStand's row (two scrapes of the node's /metrics)
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertEquals("6", node.postToIngress("/", "[\"MANGO\", 2]").body());
            return !text(By.cssSelector("tr[data-deployment='MangoStand'] td.rps")).matches("–|0\\.00|");
        });

        // a price-5 deploy from the CLI appears by itself: the event and the new config, same document
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = 'yes';");
        Path priceFive = node.home().resolve("fruit_price5.yaml");
        Files.writeString(priceFive, Files.readString(node.home().resolve("examples/fruit_config.yaml"))
                .replaceFirst("price: 3", "price: 5"));
        Installation.Result deployed = node.serve("deploy", priceFive.toString());
        assertEquals(0, deployed.exitCode(), deployed::describe);

        wait.until(d -> text(By.id("events")).contains("deploy default: deploy accepted (generation 2)"));
        wait.until(d -> text(By.id("events")).contains("update default / MangoStand: lightweight update, replicas stay: user_config")
                && text(By.id("events")).matches("(?s).*reconfigure default / MangoStand / MangoStand#\\w+: user_config applied.*"));
        wait.until(d -> {
            d.findElement(By.cssSelector("[data-application='default'] details summary")).click();
            return true;
        });
        wait.until(d -> text(By.cssSelector("[data-application='default'] pre.config")).contains("\"price\": 5"));
        for (String deployment : DEPLOYMENTS) {
            wait.until(d -> statusOf(deployment).equals("HEALTHY"));
        }
        assertEquals("yes", ((JavascriptExecutor) browser).executeScript("return window.sameDocument;"), "no reload");

        Path shot = Path.of("target", "dashboard-live.png"); // what a person saw (the README's screenshot)
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private String statusOf(String deployment) {
        List<WebElement> status = browser.findElements(By.cssSelector("tr[data-deployment='" + deployment + "'] .status"));
        return status.isEmpty() ? "" : status.get(0).getText();
    }

    /** The element's text ("" when absent), read again when a refresh replaced it between finding and reading. */
    private String text(By by) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<WebElement> found = browser.findElements(by);
                return found.isEmpty() ? "" : found.get(0).getText();
            } catch (StaleElementReferenceException replaced) {
                if (attempt == 10) {
                    throw replaced;
                }
            }
        }
    }
}
