package io.osgiserve.http.agent;

import java.util.Optional;
import java.util.function.Function;

/** Where the agent listens and the token it asks for, read from the node's framework properties. */
public record AgentSettings(String host, int port, Optional<String> token) {

    public static final String HOST = "serve.agent.host";
    public static final String PORT = "serve.agent.port";
    public static final String TOKEN = "serve.agent.token";
    /** The environment variable the CLI sets; read when the property is not set (so the token is not on a command line). */
    public static final String TOKEN_ENV = "SERVE_AGENT_TOKEN";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 52365;

    /**
     * @param property looks a framework property up (BundleContext::getProperty), null when unset
     * @throws IllegalArgumentException with a one-line message when a property has no usable value
     */
    public static AgentSettings from(Function<String, String> property) {
        return from(property, System::getenv);
    }

    static AgentSettings from(Function<String, String> property, Function<String, String> environment) {
        String host = blankToNull(property.apply(HOST));
        String port = blankToNull(property.apply(PORT));
        String token = blankToNull(property.apply(TOKEN));
        if (token == null) {
            token = blankToNull(environment.apply(TOKEN_ENV));
        }
        return new AgentSettings(
                host == null ? DEFAULT_HOST : host,
                port == null ? DEFAULT_PORT : parsePort(port),
                Optional.ofNullable(token));
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(PORT + ": '" + text + "' is not a port number (0 to 65535)");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
