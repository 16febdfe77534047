package io.osgiserve.examples.greeter;

import io.osgiserve.api.BoundDeployment;
import io.osgiserve.api.Deployment;
import java.util.Map;

/**
 * The Greeter application, built from the application's {@code args}: {@code import_path: greeter:app}
 * with {@code args: {greeting: Bonjour, replicas: 2}}. Its bundle names this class {@code greeter}
 * (manifest header {@code Serve-Module}).
 */
public final class GreeterApp {
    private GreeterApp() {
    }

    /**
     * The application builder: the runtime calls it with the application's {@code args} (empty when the
     * config has none). {@code greeting} (text, default "Hello") and {@code replicas} (a number, default 1).
     *
     * @throws IllegalArgumentException naming the arg, when one has the wrong type
     */
    public static BoundDeployment app(Map<String, Object> args) {
        Object greeting = args.getOrDefault("greeting", "Hello");
        if (!(greeting instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("args.greeting: must be a non-empty text, got " + greeting);
        }
        Object replicas = args.getOrDefault("replicas", 1);
        if (!(replicas instanceof Number n) || n.intValue() < 1) {
            throw new IllegalArgumentException("args.replicas: must be a number >= 1, got " + replicas);
        }
        return Deployment.of(Greeter.class).numReplicas(n.intValue()).routePrefix("/").bind(text);
    }
}
