package io.osgiserve.http.agent;

import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.ConfigException;
import io.osgiserve.config.ConfigForm;
import io.osgiserve.config.NodeSettings;
import io.osgiserve.http.jetty.JsonWriters;
import io.osgiserve.http.jetty.Reply;
import io.osgiserve.node.DeployRefusedException;
import io.osgiserve.node.ServeNode;
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
    private final long maxBody;

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
        this.maxBody = maxBody;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Reply reply;
        try {
            reply = answer(request);
        } catch (Exception | LinkageError e) {
            LOG.error("agent: {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            reply = Reply.text(500, "the node failed to answer " + request.getMethod() + " "
                    + request.getHttpURI().getPath() + ": " + Reply.oneLine(e));
        }
        reply.send(response, callback);
        return true;
    }

    private Reply answer(Request request) throws Exception {
        Optional<String> refused = origin.refusal(request);
        if (refused.isPresent()) {
            return Reply.error(403, refused.get());
        }
        String path = Request.getPathInContext(request);
        Endpoint endpoint = Endpoint.at(path);
        // The version is how clients find an agent (Ray's too): open, like Ray's; everything else needs the token.
        boolean open = endpoint == Endpoint.VERSION && "GET".equals(request.getMethod());
        if (!open && !authentication.admits(request)) {
            return Reply.error(401, unauthorized).withHeader(CHALLENGE);
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
            case STATUS -> json(node.status());
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
            node.deploy(config);
        } catch (DeployRefusedException e) {
            return Reply.text(400, e.getMessage());
        }
        return Reply.empty();
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
