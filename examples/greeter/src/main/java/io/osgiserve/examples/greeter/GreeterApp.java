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
     * config has none). {@code greeting} (text, default "Hello") and {@code replicas} (a number or its text, default 1).
     *
     * @throws IllegalArgumentException naming the arg, when one has the wrong type
     */
    public static BoundDeployment app(Map<String, Object> args) {
        Object greeting = args.getOrDefault("greeting", "Hello");
        if (!(greeting instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("args.greeting: must be a non-empty text, got " + greeting);
        }
        int count = replicas(args.getOrDefault("replicas", 1));
        return Deployment.of(Greeter.class).numReplicas(count).routePrefix("/").bind(text);
    }

    /** A number, or its text (args given on the command line, {@code replicas=2}, arrive as text). */
    private static int replicas(Object value) {
        int count = 0;
        if (value instanceof Number n) {
            count = n.intValue();
        } else if (value instanceof String text && text.strip().matches("\\d{1,4}")) {
            count = Integer.parseInt(text.strip());
        }
        if (count < 1) {
            throw new IllegalArgumentException("args.replicas: must be a number >= 1, got " + value);
        }
        return count;
    }
}
