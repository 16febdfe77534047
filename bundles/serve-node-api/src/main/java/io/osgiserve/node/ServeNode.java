package io.osgiserve.node;

import io.osgiserve.config.ConfigDocument;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * One node's application: what the agent REST API and the shell commands act on. Registered as an
 * OSGi service by the runtime. Maps returned here are ordered and hold only JSON types (String,
 * Number, Boolean, List, Map, null), ready to be written as JSON or YAML.
 */
public interface ServeNode {

    /**
     * Makes {@code config} the goal state and returns at once; the node reconciles towards it in the
     * background. Identical redeploys change nothing.
     *
     * @throws DeployRefusedException when the config cannot be taken as it is (for example a
     *     different ingress host or port than the running one); the message is one line for the user
     */
    default void deploy(ConfigDocument config) throws DeployRefusedException {
        deploy(config, InetAddress.getLoopbackAddress());
    }

    /**
     * As {@link #deploy(ConfigDocument)}, for a caller at {@code caller} (the agent passes the request's
     * remote address; null when it has none): a deploy from beyond loopback may name {@code file:} code
     * only under the node's allowed roots, and the goal keeps that across restarts.
     */
    void deploy(ConfigDocument config, InetAddress caller) throws DeployRefusedException;

    /** The goal state exactly as it was deployed, or empty when nothing is deployed. */
    Optional<ConfigDocument> goal();

    /** Ray 2.0's status document: {@code app_status} and {@code deployment_statuses}. */
    Map<String, Object> status();

    /** The details document of {@code GET /api/serve/applications/}, down to each replica. */
    Map<String, Object> applications();

    /**
     * Ray's scale API: sets one deployment's target number of replicas at once; it holds until a deploy
     * changes that deployment's replica count. Returns at once; the node scales in the background.
     *
     * @throws DeployRefusedException naming the unknown application or deployment, an autoscaled
     *     deployment, or why the count is out of range
     */
    default void scale(String app, String deployment, int replicas) throws DeployRefusedException {
        throw new DeployRefusedException("this node does not scale deployments on request");
    }

    /**
     * Every node of the node's cluster: its id, address, state, what it declares and uses, and its replicas
     * (empty when the node is not in a cluster).
     */
    default java.util.List<Map<String, Object>> nodes() {
        return java.util.List.of();
    }

    /**
     * What happened on the node lately, oldest first: {@code {"events": [...], "cursor": N, "dropped": D}}.
     * Each event has {@code seq}, {@code time_s}, {@code application}, {@code deployment} and {@code replica}
     * (null when the event concerns more), {@code kind} and a one-line {@code message}; {@code since} is the
     * {@code cursor} of the last answer (0: everything kept). A node that keeps no history answers none.
     */
    default Map<String, Object> events(long since) {
        Map<String, Object> none = new java.util.LinkedHashMap<>();
        none.put("events", java.util.List.of());
        none.put("cursor", 0L);
        none.put("dropped", 0L);
        return none;
    }

    /** Tears the application down (a no-op when nothing is deployed); the ingress closes. */
    void shutdown();

    /** The routes as they are now: an immutable snapshot, replaced whole on every change. */
    RouteTable routes();
}
