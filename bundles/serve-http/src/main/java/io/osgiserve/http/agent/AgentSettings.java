package io.osgiserve.http.agent;

import io.osgiserve.config.AgentAccess;
import io.osgiserve.config.AgentTokenFile;
import io.osgiserve.config.Loopback;
import io.osgiserve.config.NodeSettings;
import io.osgiserve.http.jetty.Tls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the agent needs to listen: its address, the token it asks for (none only with {@code --no-auth}),
 * where that token is kept, the Host names it answers besides loopback, its HTTPS, and its body limit.
 * Built from the node's settings by {@link #from}, which applies {@link AgentAccess}'s rule.
 */
public record AgentSettings(String host, int port, Optional<String> token, Optional<Path> tokenFile,
        List<String> hostNames, Optional<Tls> tls, long maxBody) {

    /** The environment variable a node's token may come from (so it is not on a command line). */
    public static final String TOKEN_ENV = "SERVE_AGENT_TOKEN";

    public AgentSettings {
        hostNames = List.copyOf(hostNames);
    }

    /** Loopback settings for tests and embedders: a token (or none), plain HTTP, the default body limit. */
    static AgentSettings loopback(int port, Optional<String> token) {
        return new AgentSettings("127.0.0.1", port, token, Optional.empty(), List.of(), Optional.empty(),
                NodeSettings.from(key -> null).bytes(NodeSettings.AGENT_MAX_BODY));
    }

    /**
     * Reads the node's settings, establishes the token (from {@code SERVE_AGENT_TOKEN}, which is how
     * {@code serve start --token} hands it on, else {@code serve.agent.token}, else the token file, else a new
     * one written there) and the HTTPS material.
     *
     * @param dataDir the node's data directory, where {@code agent.token} is kept
     * @throws AgentStartException with one line when the settings must not or cannot be used
     */
    public static AgentSettings from(NodeSettings settings, Function<String, String> environment, Path dataDir)
            throws AgentStartException {
        try {
            Optional<String> refusal = AgentAccess.refusal(settings);
            if (refusal.isPresent()) {
                throw new AgentStartException(refusal.get(), null);
            }
            String host = settings.text(NodeSettings.AGENT_HOST);
            Optional<String> token = Optional.empty();
            Optional<Path> tokenFile = Optional.empty();
            if (AgentAccess.tokenRequired(settings)) {
                AgentTokenFile file = AgentTokenFile.of(settings, dataDir);
                String given = io.osgiserve.config.NodeToken.given(settings, environment);
                try {
                    token = Optional.of(file.establish(given.isEmpty() ? Optional.empty() : Optional.of(given)));
                } catch (IOException e) {
                    throw new AgentStartException("serve agent: cannot keep its token in " + file.path() + ": "
                            + e.getMessage() + "; set " + NodeSettings.AGENT_TOKEN_FILE.key() + " to a writable file", e);
                }
                tokenFile = Optional.of(file.path());
            }
            List<String> names = new ArrayList<>(settings.list(NodeSettings.AGENT_HOST_NAMES));
            if (!isWildcard(host) && !Loopback.isLoopback(host)) {
                names.add(host); // the address it was told to bind is a name it answers to
            }
            Optional<Tls> tls;
            try {
                tls = Tls.from(settings, NodeSettings.AGENT_TLS_CERTFILE, NodeSettings.AGENT_TLS_KEYFILE,
                        NodeSettings.AGENT_TLS_KEYSTORE, NodeSettings.AGENT_TLS_KEYSTORE_PASSWORD);
            } catch (IOException e) {
                throw new AgentStartException("serve agent: no HTTPS: " + e.getMessage(), e);
            }
            return new AgentSettings(host, settings.port(NodeSettings.AGENT_PORT), token, tokenFile, names, tls,
                    settings.bytes(NodeSettings.AGENT_MAX_BODY));
        } catch (IllegalArgumentException e) {
            throw new AgentStartException("serve agent: " + e.getMessage(), e);
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
}
