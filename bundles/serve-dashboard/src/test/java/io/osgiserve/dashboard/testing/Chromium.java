package io.osgiserve.dashboard.testing;

import java.io.File;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium through Debian's chromedriver, for the tests that look at the dashboard as a person
 * does (this module's against a recorded node, the distribution's against a live one).
 */
public final class Chromium {

    private Chromium() {}

    /** A new headless browser whose window is {@code width} x {@code height}; fails (does not skip) when Chromium is missing. */
    public static WebDriver headless(int width, int height) {
        File driver = onPath("chromedriver");
        File chromium = onPath("chromium");
        if (driver == null || chromium == null) {
            throw new AssertionError("chromium and chromedriver must be on PATH: install Debian's chromium and"
                    + " chromium-driver (apt-get install chromium chromium-driver; .ci/test-tools does)");
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--no-first-run", "--disable-extensions");
        return new ChromeDriver(service, options);
    }

    private static File onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return candidate;
            }
        }
        return null;
    }
}
