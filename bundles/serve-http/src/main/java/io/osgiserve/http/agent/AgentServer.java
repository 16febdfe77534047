package io.osgiserve.http.agent;

import io.osgiserve.config.NodeSettings;
import io.osgiserve.dashboard.DashboardHandler;
import io.osgiserve.dashboard.DashboardSessions;
import io.osgiserve.http.jetty.BoundServer;
import io.osgiserve.node.ServeNode;
import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;

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
     * @param settings as {@link AgentSettings#from} made them (which refuses what must not listen)
     * @param nodeVersion which build of osgi-serve answers (shown as {@code ray_commit})
     * @throws AgentStartException when it cannot listen, with a one-line reason that says what to change
     */
    public static AgentServer start(AgentSettings settings, ServeNode node, String nodeVersion)
            throws AgentStartException {
        return start(settings, node, nodeVersion, null, NodeSettings.from(key -> null));
    }

    /**
     * @param metrics answers GET /metrics behind the agent's checks (null: no /metrics)
     * @param nodeSettings the node's settings: the dashboard's session limits
     */
    public static AgentServer start(AgentSettings settings, ServeNode node, String nodeVersion,
            org.eclipse.jetty.server.Handler metrics, NodeSettings nodeSettings) throws AgentStartException {
        AgentAuthentication bearer = settings.token()
                .<AgentAuthentication>map(BearerToken::new).orElse(AgentAuthentication.NONE);
        // the dashboard signs in with the token once; its session cookie then admits reads (GET, HEAD) only
        DashboardSessions sessions = new DashboardSessions(
                settings.token().map(DashboardSessions::sameAs).orElse(presented -> true),
                nodeSettings.duration(NodeSettings.DASHBOARD_SESSION_TTL),
                nodeSettings.integer(NodeSettings.DASHBOARD_SESSIONS_MAX), Clock.systemUTC());
        AgentAuthentication authentication = bearer.or(
                request -> sessions.admits(request.getMethod(), request.getHeaders().get(HttpHeader.COOKIE)));
        String tokenWhere = settings.tokenFile().map(path -> path + " on the node")
                .orElse("the node's " + NodeSettings.AGENT_TOKEN.key() + " setting");
        AgentHandler handler = new AgentHandler(node, versionDocument(nodeVersion), authentication,
                new RequestOrigin(settings.hostNames()), tokenWhere, settings.maxBody());
        if (metrics != null) {
            handler.mountMetrics(metrics);
        }
        handler.mountDashboard(new DashboardHandler(sessions));
        LogTail.of(nodeSettings.text(NodeSettings.LOGS_FILE), System.getProperty("karaf.log")).ifPresent(handler::mountLogs);
        try {
            return new AgentServer(BoundServer.start("serve-agent", settings.host(), settings.port(), handler,
                    BoundServer.Size.SMALL, settings.tls()));
        } catch (BoundServer.PortInUseException e) {
            throw new AgentStartException("serve agent: port " + settings.port() + " on " + settings.host()
                    + " is already in use; choose another with -D" + NodeSettings.AGENT_PORT.key() + "=PORT"
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

    /** {@code https} or {@code http}. */
    public String scheme() {
        return server.scheme();
    }

    public void stop() {
        server.stop();
    }

    private static Map<String, Object> versionDocument(String nodeVersion) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("version", "1");
        version.put("ray_version", RAY_API_RELEASE);
        version.put("ray_commit", "osgi-serve-" + nodeVersion);
        return Collections.unmodifiableMap(version);
    }
}
