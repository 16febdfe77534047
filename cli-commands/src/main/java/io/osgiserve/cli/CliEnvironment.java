package io.osgiserve.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the command line reads from its surroundings, passed in so that tests choose it: the
 * environment variables, standard input (for the shutdown question), the distribution's home
 * ({@code serve.home}; null outside one), and how often progress is polled.
 */
public record CliEnvironment(Map<String, String> env, InputStream in, Path serveHome, Duration poll) {

    /** The real process: System.getenv(), System.in, -Dserve.home. */
    public static CliEnvironment ofProcess() {
        String home = System.getProperty("serve.home");
        return new CliEnvironment(System.getenv(), System.in,
                home == null || home.isBlank() ? null : Path.of(home).toAbsolutePath(), Duration.ofMillis(100));
    }
}
