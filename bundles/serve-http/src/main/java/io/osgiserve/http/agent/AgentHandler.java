package io.osgiserve.http.agent;

import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.ConfigException;
import io.osgiserve.config.ConfigForm;
import io.osgiserve.config.NodeSettings;
import io.osgiserve.http.jetty.JsonWriters;
import io.osgiserve.http.jetty.Reply;
import io.osgiserve.metrics.jetty.MetricsHandler;
import io.osgiserve.node.DeployRefusedException;
import io.osgiserve.node.ServeNode;
import io.osgiserve.node.UnavailableException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ray 2.0's agent API over the node. A blocking handler: Jetty runs it on a pooled thread, never on a
 * selector, so reading the body and calling the node may wait.
 */
final class AgentHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(AgentHandler.class);
    private static final HttpField CHALLENGE = new HttpField(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"serve\"");

    private final ServeNode node;
    private final Map<String, Object> version;
    private final AgentAuthentication authentication;
    private final RequestOrigin origin;
    private final String unauthorized;
    /** The 401 for callers beyond loopback: where the token file lives is the node's business. */
    private static final String UNAUTHORIZED_REMOTE =
            "this node needs its token: send 'Authorization: Bearer <token>' (the node's operator has it)";
    private final String wrongToken;
    private static final String WRONG_TOKEN_REMOTE =
            "the token sent is not this node's token (the node's operator has the right one)";
    private final long maxBody;
    /** GET /metrics, mounted behind the same Host, Origin and token checks as the API (null: not mounted). */
    private volatile Handler metrics;
    private volatile Handler dashboard;
    /** The node's log file for GET /api/serve/logs (null: the node has none). */
    private volatile LogTail logs;

    /**
     * @param version the body of {@code GET /api/ray/version}
     * @param authentication who may call anything but the version
     * @param tokenWhere where an operator finds the token, for the 401's one line
     * @param maxBody the largest request body read
     */
    AgentHandler(ServeNode node, Map<String, Object> version, AgentAuthentication authentication, RequestOrigin origin,
            String tokenWhere, long maxBody) {
        this.node = node;
        this.version = version;
        this.authentication = authentication;
        this.origin = origin;
        this.unauthorized = "this node needs its token: send 'Authorization: Bearer <token>'; the token is in "
                + tokenWhere + " (the serve CLI of the node's installation sends it, or set SERVE_AGENT_TOKEN)";
        this.wrongToken = "the token sent is not this node's token; this node's is in " + tokenWhere
                + " (a token set with --token, SERVE_AGENT_TOKEN or RAY_AUTH_TOKEN may be another node's)";
        this.maxBody = maxBody;
    }

    void mountMetrics(Handler handler) {
        this.metrics = handler;
    }

    /** GET /api/serve/logs reads {@code tail}, behind the token. */
    void mountLogs(LogTail tail) {
        this.logs = tail;
    }

    /** The dashboard's pages and sign-in, behind the Host and Origin checks but not the token (they ask for it). */
    void mountDashboard(Handler handler) {
        this.dashboard = handler;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Handler pages = dashboard;
        if (pages != null && Request.getPathInContext(request).startsWith("/dashboard")) {
            Optional<String> foreign = origin.refusal(request);
            if (foreign.isEmpty()) {
                try {
                    if (pages.handle(request, response, callback)) {
                        return true;
                    }
                } catch (Exception e) {
                    LOG.error("agent: the dashboard failed to answer {}", Request.getPathInContext(request), e);
                    Reply.text(500, "the dashboard failed: " + Reply.oneLine(e)).send(response, callback);
                    return true;
                }
            } else {
                Reply.error(403, foreign.get()).send(response, callback);
                return true;
            }
        }
        Handler mounted = metrics;
        if (mounted != null && MetricsHandler.PATH.equals(Request.getPathInContext(request))) {
            Optional<Reply> refused = refusal(request, false);
            if (refused.isEmpty()) {
                try {
                    return mounted.handle(request, response, callback);
                } catch (Exception e) {
                    refused = Optional.of(Reply.text(500, "the node failed to answer /metrics: " + Reply.oneLine(e)));
                }
            }
            refused.get().send(response, callback);
            return true;
        }
        Reply reply;
        try {
            reply = answer(request);
        } catch (UnavailableException e) {
            reply = Reply.text(503, Reply.oneLine(e));
        } catch (Exception | LinkageError e) {
            LOG.error("agent: {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            reply = Reply.text(500, "the node failed to answer " + request.getMethod() + " "
                    + request.getHttpURI().getPath() + ": " + Reply.oneLine(e));
        }
        reply.send(response, callback);
        return true;
    }

    private static boolean fromLoopback(Request request) {
        return request.getConnectionMetaData().getRemoteSocketAddress() instanceof java.net.InetSocketAddress remote
                && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
    }

    /**
     * The 401's one line: no credential, a token that is not this node's, or another scheme (a stale or
     * mistyped token is then told from a forgotten one). Nothing of what was sent is echoed.
     */
    private String whyUnauthorized(Request request) {
        boolean local = fromLoopback(request);
        String given = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (given == null || given.isBlank()) {
            return local ? unauthorized : UNAUTHORIZED_REMOTE;
        }
        if (!BearerToken.isBearer(given)) {
            return "this node takes only 'Authorization: Bearer <token>'; the Authorization header sent uses another scheme";
        }
        return local ? wrongToken : WRONG_TOKEN_REMOTE;
    }

    /** Why the request may not go on (a foreign Host or Origin: 403; no token unless {@code open}: 401). */
    private Optional<Reply> refusal(Request request, boolean open) {
        Optional<String> refused = origin.refusal(request);
        if (refused.isPresent()) {
            return Optional.of(Reply.error(403, refused.get()));
        }
        if (!open && !authentication.admits(request)) {
            return Optional.of(Reply.error(401, whyUnauthorized(request)).withHeader(CHALLENGE));
        }
        return Optional.empty();
    }

    private Reply answer(Request request) throws Exception {
        String path = Request.getPathInContext(request);
        Endpoint endpoint = Endpoint.at(path);
        // The version is how clients find an agent (Ray's too): open, like Ray's; everything else needs the token.
        boolean open = endpoint == Endpoint.VERSION && "GET".equals(request.getMethod());
        Optional<Reply> refused = refusal(request, open);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<ScaleRequest> scale = ScaleRequest.at(path);
        if (scale.isPresent()) {
            return "POST".equals(request.getMethod()) ? scale(request, scale.get())
                    : Reply.error(405, request.getMethod() + " is not allowed on " + path + "; use POST")
                            .withHeader(new HttpField(HttpHeader.ALLOW, "POST"));
        }
        if (endpoint == null) {
            return Reply.error(404, "no agent endpoint at " + path);
        }
        String method = request.getMethod();
        if (!endpoint.allows(method)) {
            return Reply.error(405, method + " is not allowed on " + path + "; use "
                    + endpoint.allow().getValue()).withHeader(endpoint.allow());
        }
        return switch (endpoint) {
            case VERSION -> json(version);
            case LOGS -> logs(request);
            case EVENTS -> events(request);
            case STATUS -> json(node.status());
            case NODES -> json(Map.of("nodes", node.nodes()));
            case APPLICATIONS -> switch (method) {
                case "PUT" -> deploy(request, ConfigForm.MULTI_APP);
                case "DELETE" -> {
                    node.shutdown(); // V2 DELETE: everything
                    yield Reply.empty();
                }
                default -> json(node.applications());
            };
            case DEPLOYMENTS -> switch (method) {
                case "PUT" -> deploy(request, ConfigForm.SINGLE_APP);
                case "DELETE" -> {
                    if (ApiVersions.isV1(node.goal())) {
                        node.shutdown(); // V1 DELETE: the V1 application only, never V2's
                    }
                    yield Reply.empty();
                }
                default -> json(node.goal().filter(g -> ApiVersions.isV1(Optional.of(g))).map(ConfigDocument::written)
                        .orElseGet(AgentHandler::nothingDeployed));
            };
        };
    }

    /**
     * {@code serve logs}: recent lines of the node's log file, of one deployment or all
     * ({@code ?deployment=D&lines=N&cursor=C}), bounded as {@link LogTail} says.
     */
    private Reply logs(Request request) throws Exception {
        LogTail tail = logs;
        if (tail == null) {
            return Reply.error(404, "this node has no log file to read: set " + NodeSettings.LOGS_FILE.key());
        }
        org.eclipse.jetty.util.Fields query = Request.extractQueryParameters(request);
        LogTail.Page page;
        try {
            page = tail.read(query.getValue("deployment"), number(query.getValue("cursor"), "cursor", null),
                    LogTail.lines(number(query.getValue("lines"), "lines", 100L)));
        } catch (IllegalArgumentException e) {
            return Reply.error(400, e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lines", page.lines());
        body.put("cursor", page.cursor());
        body.put("more", page.more());
        return json(body);
    }

    /** The dashboard's "Recent events": the node's events after {@code ?since=C} (the last answer's cursor). */
    private Reply events(Request request) throws Exception {
        long since;
        try {
            since = number(Request.extractQueryParameters(request).getValue("since"), "since", 0L);
        } catch (IllegalArgumentException e) {
            return Reply.error(400, e.getMessage());
        }
        if (since < 0) {
            return Reply.error(400, "since must be 0 or the cursor of an earlier answer");
        }
        return json(node.events(since));
    }

    private static Long number(String text, String name, Long absent) {
        if (text == null) {
            return absent;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
    }

    /** Ray's scale API: one deployment's target number of replicas. */
    private Reply scale(Request request, ScaleRequest scale) throws Exception {
        Object body = body(request);
        if (body instanceof Reply refused) {
            return refused;
        }
        int target;
        try {
            target = ScaleRequest.targetOf((byte[]) body);
        } catch (IllegalArgumentException e) {
            return Reply.text(400, e.getMessage());
        }
        try {
            node.scale(scale.app(), scale.deployment(), target);
        } catch (DeployRefusedException e) {
            return Reply.text(400, e.getMessage());
        }
        return json(Map.of("message", "Scaling request received. Deployment will get scaled asynchronously."));
    }

    /** The request body, or the Reply that refuses it (too large, unreadable). */
    private Object body(Request request) throws Exception {
        if (request.getLength() > maxBody) {
            return tooLarge();
        }
        try {
            return Content.Source.asByteArrayAsync(request, (int) Math.min(maxBody, Integer.MAX_VALUE - 8)).get();
        } catch (ExecutionException e) {
            if (Request.getContentBytesRead(request) > maxBody) {
                return tooLarge();
            }
            return Reply.text(400, "could not read the request body: " + Reply.oneLine(e.getCause()));
        }
    }

    /** A PUT of the V1 API ({@code form} SINGLE_APP) or of the V2 API (MULTI_APP, declarative). */
    private Reply deploy(Request request, ConfigForm form) throws Exception {
        if (request.getLength() > maxBody) {
            return tooLarge();
        }
        byte[] body;
        try {
            body = Content.Source.asByteArrayAsync(request, (int) Math.min(maxBody, Integer.MAX_VALUE - 8)).get();
        } catch (ExecutionException e) {
            if (Request.getContentBytesRead(request) > maxBody) {
                return tooLarge();
            }
            return Reply.text(400, "could not read the request body: " + Reply.oneLine(e.getCause()));
        }
        ConfigDocument config;
        try {
            // each API takes its own form: Ray 2.0's for V1, the multi-application form for V2
            config = ConfigDocument.parse(body, request.getHeaders().get(HttpHeader.CONTENT_TYPE), form);
        } catch (ConfigException e) {
            return Reply.text(400, e.getMessage());
        }
        Optional<String> refused = ApiVersions.refusal(form, node.goal());
        if (refused.isPresent()) {
            return Reply.text(400, refused.get());
        }
        try {
            if (config.applications().isEmpty()) {
                node.shutdown(); // declarative: no application listed, none runs
                return Reply.empty();
            }
            node.deploy(config, remoteAddress(request));
        } catch (DeployRefusedException e) {
            return Reply.text(400, e.getMessage());
        }
        return Reply.empty();
    }

    /** The caller's address, or null when the connection has none (then the node treats it as remote). */
    private static InetAddress remoteAddress(Request request) {
        return request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a
                ? a.getAddress() : null;
    }

    private static Reply json(Object document) throws Exception {
        return Reply.json(200, document, JsonWriters.PYTHON_STYLE);
    }

    private Reply tooLarge() {
        return Reply.error(413, "the request body is over " + maxBody + " bytes, the most the agent takes ("
                + NodeSettings.AGENT_MAX_BODY.key() + ")");
    }

    /** Ray's answer when nothing is deployed. */
    private static Map<String, Object> nothingDeployed() {
        Map<String, Object> empty = new LinkedHashMap<>();
        empty.put("import_path", "");
        empty.put("runtime_env", Map.of());
        empty.put("deployments", List.of());
        return empty;
    }
}
