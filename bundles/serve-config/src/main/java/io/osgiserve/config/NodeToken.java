package io.osgiserve.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The node's token as its internal port and its calls to other nodes use it: the agent's token
 * ({@link #given}, else the agent's token file), read, never
 * written (the agent establishes it, perhaps after the node started: it is read again until found).
 * In a cluster every node holds the same one.
 */
public final class NodeToken {

    /** The shortest token a cluster takes (its name and join secret derive from it). */
    public static final int CLUSTER_MIN_LENGTH = 16;
    private final boolean required;
    private final Function<String, String> environment;
    private final NodeSettings settings;
    private final AgentTokenFile file;
    private volatile String found;

    private NodeToken(boolean required, NodeSettings settings, Function<String, String> environment, AgentTokenFile file) {
        this.required = required;
        this.settings = settings;
        this.environment = environment;
        this.file = file;
    }

    public static NodeToken of(NodeSettings settings, Function<String, String> environment, Path dataDir) {
        return new NodeToken(AgentAccess.tokenRequired(settings), settings, environment, AgentTokenFile.of(settings, dataDir));
    }

    /** A fixed token (tests, embedders). */
    public static NodeToken fixed(String token) {
        NodeToken t = new NodeToken(true, null, null, null);
        t.found = token;
        return t;
    }

    /**
     * The token the node was started with, the one rule for the agent and the internal port:
     * {@code SERVE_AGENT_TOKEN} (how {@code serve start --token} hands it on: the start's own choice wins),
     * else {@code serve.agent.token} of the node's file; empty when neither is set.
     */
    public static String given(NodeSettings settings, Function<String, String> environment) {
        String fromStart = Optional.ofNullable(environment.apply("SERVE_AGENT_TOKEN")).map(String::trim).orElse("");
        return fromStart.isEmpty() ? settings.text(NodeSettings.AGENT_TOKEN) : fromStart;
    }

    /** False only with {@code serve.agent.auth=false} (loopback only). */
    public boolean required() {
        return required;
    }

    /** The token, once there is one (empty also when none is required). */
    public Optional<String> current() {
        String t = found;
        if (t != null || !required) {
            return Optional.ofNullable(t);
        }
        String given = given(settings, environment);
        if (given.isEmpty()) {
            try {
                given = file.read().orElse("");
            } catch (IOException e) {
                given = "";
            }
        }
        if (!given.isEmpty()) {
            found = given;
        }
        return Optional.ofNullable(found);
    }
}
