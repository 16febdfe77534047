package io.osgiserve.examples.greeter;

import io.osgiserve.api.HttpRequest;
import java.util.Map;

/**
 * Greets whoever the request body names: {@code POST / "Ada"} answers {@code "Hello, Ada!"}. The greeting
 * comes from the application's {@code args} (fixed for the life of the replica); the punctuation from
 * {@code user_config} (changeable without a restart).
 */
public final class Greeter {
    private final String greeting;
    private volatile String punctuation = "!";

    public Greeter(String greeting) {
        this.greeting = greeting;
    }

    public void reconfigure(Map<String, Object> config) {
        Object p = config.get("punctuation");
        if (p instanceof String text) {
            punctuation = text;
        }
    }

    public String call(HttpRequest request) {
        String name = request.bodyAsString().strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        return greet(name.isEmpty() ? "world" : name);
    }

    public String greet(String name) {
        return greeting + ", " + name + punctuation;
    }
}
