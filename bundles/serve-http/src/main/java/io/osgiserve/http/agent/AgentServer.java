package io.osgiserve.http.agent;

import io.osgiserve.http.jetty.BoundServer;
import io.osgiserve.node.ServeNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The agent's HTTP server: started with its settings, stopped when the node goes. */
public final class AgentServer {

    /** The Ray Serve release whose agent API this one speaks. */
    static final String RAY_API_RELEASE = "2.0.0";

    private final BoundServer server;

    private AgentServer(BoundServer server) {
        this.server = server;
    }

    /**
     * Starts the agent.
     *
     * @param nodeVersion which build of osgi-serve answers (shown as {@code ray_commit})
     * @throws AgentStartException when it must not or cannot listen, with a one-line reason that says
     *     what to change
     */
    public static AgentServer start(AgentSettings settings, ServeNode node, String nodeVersion)
            throws AgentStartException {
        if (settings.token().isEmpty() && !isLoopback(settings.host())) {
            throw new AgentStartException("serve agent: refusing to listen on " + settings.host()
                    + " without a token; set " + AgentSettings.TOKEN_ENV + " in the node's environment (or the property "
                    + AgentSettings.TOKEN + "), or keep " + AgentSettings.HOST + " on 127.0.0.1", null);
        }
        AgentHandler handler = new AgentHandler(node, versionDocument(nodeVersion), settings.token());
        try {
            return new AgentServer(BoundServer.start(
                    "serve-agent", settings.host(), settings.port(), handler, BoundServer.Size.SMALL));
        } catch (BoundServer.PortInUseException e) {
            throw new AgentStartException("serve agent: port " + settings.port() + " on " + settings.host()
                    + " is already in use; choose another with -D" + AgentSettings.PORT + "=PORT"
                    + " (serve start --agent-port PORT)", e);
        } catch (IOException e) {
            throw new AgentStartException("serve agent: " + e.getMessage(), e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.port();
    }

    public String host() {
        return server.host();
    }

    public void stop() {
        server.stop();
    }

    private static boolean isLoopback(String host) throws AgentStartException {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new AgentStartException("serve agent: cannot resolve " + AgentSettings.HOST + " '" + host
                    + "'; set it to an address of this machine", e);
        }
    }

    private static Map<String, Object> versionDocument(String nodeVersion) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("version", "1");
        version.put("ray_version", RAY_API_RELEASE);
        version.put("ray_commit", "osgi-serve-" + nodeVersion);
        return Collections.unmodifiableMap(version);
    }
}
