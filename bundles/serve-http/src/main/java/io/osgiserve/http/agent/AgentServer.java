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

    /** The Ray release whose V2 API (and details document) this agent speaks; V1 is Ray 2.0's, kept beside it. */
    static final String RAY_API_RELEASE = "2.58.0";
    /** The dashboard's version-document schema in that release (Ray's CURRENT_VERSION). */
    static final String VERSION_SCHEMA = "4";

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

    /**
     * Current Ray's version document, its four fields: clients read {@code ray_version} (Ray's serve CLI needs
     * 1.12 or later) and take the rest as they are; the session name is this agent's start, as Ray names its
     * sessions, so that a restarted node is told apart.
     */
    static Map<String, Object> versionDocument(String nodeVersion) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("version", VERSION_SCHEMA);
        version.put("ray_version", RAY_API_RELEASE);
        version.put("ray_commit", "osgi-serve-" + nodeVersion);
        version.put("session_name", "session_" + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss_SSSSSS")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now()) + "_" + ProcessHandle.current().pid());
        return Collections.unmodifiableMap(version);
    }
}
