package io.osgiserve.cli.client;

import io.osgiserve.config.Loopback;
import io.osgiserve.config.NodeSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the agent is: the {@code -a/--address} flag, else {@code SERVE_AGENT_ADDRESS}, else
 * {@code RAY_DASHBOARD_ADDRESS} (what current Ray's {@code serve} CLI reads when {@code -a} is not given),
 * else {@code RAY_AGENT_ADDRESS} (Ray 2.0's), else the agent of the node this installation started (when one
 * runs), else {@link #DEFAULT}. The environment is passed in so that callers and tests decide what it is.
 */
public final class AgentAddress {
    public static final String DEFAULT = "http://localhost:" + NodeSettings.AGENT_PORT.defaultValue();
    public static final String ENV_ADDRESS = "SERVE_AGENT_ADDRESS";
    /** Current Ray's variable: a user of Ray 2.4+ has it set already, so it comes before Ray 2.0's. */
    public static final String ENV_RAY_DASHBOARD_ADDRESS = "RAY_DASHBOARD_ADDRESS";
    public static final String ENV_RAY_ADDRESS = "RAY_AGENT_ADDRESS";

    private AgentAddress() {
    }

    /** The address to use, normalized ({@code host:port} gets {@code http://}; no trailing slash). */
    public static String resolve(String flag, Map<String, String> env) {
        return resolve(flag, env, () -> null);
    }

    /**
     * The same, with the agent of the local node (looked up only when neither the flag nor the
     * environment names one; null when no node runs) before the default.
     */
    public static String resolve(String flag, Map<String, String> env, Supplier<String> localNode) {
        for (String candidate : new String[] {flag, env.get(ENV_ADDRESS),
                env.get(ENV_RAY_DASHBOARD_ADDRESS), env.get(ENV_RAY_ADDRESS)}) {
            if (candidate != null && !candidate.isBlank()) {
                return normalize(candidate.trim());
            }
        }
        String local = localNode.get();
        return local != null ? normalize(local) : DEFAULT;
    }

    /**
     * {@code http://host:port} for an agent bound to {@code host}; a wildcard bind address is reached
     * over loopback.
     */
    public static String of(String host, int port) {
        return of("http", host, port);
    }

    /** The same with a scheme: {@code https} for an agent that serves TLS. */
    public static String of(String scheme, String host, int port) {
        String reachable = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")
                ? "127.0.0.1" : host;
        if (reachable.contains(":") && !reachable.startsWith("[")) {
            reachable = "[" + reachable + "]";
        }
        return scheme + "://" + reachable + ":" + port;
    }

    /** Whether the address names this machine by a loopback name or address (the one rule of serve-config). */
    public static boolean isLoopback(String address) {
        return Loopback.isLoopback(URI.create(normalize(address)).getHost());
    }

    static String normalize(String address) {
        String withScheme = address.contains("://") ? address : "http://" + address;
        while (withScheme.endsWith("/")) {
            withScheme = withScheme.substring(0, withScheme.length() - 1);
        }
        try {
            URI uri = new URI(withScheme);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new AgentException("Invalid agent address '" + address + "': use http://HOST:PORT or https://HOST:PORT.");
            }
            if (uri.getHost() == null) {
                throw new AgentException("Invalid agent address '" + address + "': no host; use http://HOST:PORT.");
            }
        } catch (URISyntaxException e) {
            throw new AgentException("Invalid agent address '" + address + "': " + e.getReason() + "; use http://HOST:PORT.");
        }
        return withScheme;
    }
}
