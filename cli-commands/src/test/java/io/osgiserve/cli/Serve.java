package io.osgiserve.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the serve command line in this JVM with a chosen environment, capturing what it prints. */
final class Serve {
    record Result(int exit, String out, String err) {
    }

    private final Map<String, String> env = new HashMap<>();
    private String stdin = "";
    private Path serveHome;

    static Serve cli() {
        return new Serve();
    }

    Serve env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Serve stdin(String text) {
        stdin = text;
        return this;
    }

    Serve serveHome(Path home) {
        serveHome = home;
        return this;
    }

    CliEnvironment environment() {
        return new CliEnvironment(Map.copyOf(env), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                serveHome, Duration.ofMillis(20));
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(environment());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
