package io.osgiserve.http.testing;

import io.osgiserve.config.ConfigDocument;
import io.osgiserve.node.DeployRefusedException;
import io.osgiserve.node.RouteTable;
import io.osgiserve.node.ServeNode;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A node that keeps the goal in memory and answers Ray's empty-state documents. */
public final class FakeNode implements ServeNode {

    public volatile String refuseWith;
    public volatile RuntimeException statusFailure;
    public final AtomicInteger deploys = new AtomicInteger();
    public final AtomicInteger shutdowns = new AtomicInteger();
    private volatile ConfigDocument goal;
    /** Where the last deploy came from, as the agent passed it on. */
    public volatile InetAddress lastCaller;

    @Override
    public void deploy(ConfigDocument config, InetAddress caller) throws DeployRefusedException {
        lastCaller = caller;
        if (refuseWith != null) {
            throw new DeployRefusedException(refuseWith);
        }
        deploys.incrementAndGet();
        goal = config;
    }

    @Override
    public Optional<ConfigDocument> goal() {
        return Optional.ofNullable(goal);
    }

    @Override
    public Map<String, Object> status() {
        if (statusFailure != null) {
            throw statusFailure;
        }
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("status", goal == null ? "NOT_STARTED" : "RUNNING");
        app.put("message", "");
        app.put("deployment_timestamp", goal == null ? (Object) 0 : (Object) 1700000000.5);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("app_status", app);
        status.put("deployment_statuses", List.of());
        return status;
    }

    @Override
    public Map<String, Object> applications() {
        Map<String, Object> replica = new LinkedHashMap<>();
        replica.put("replica_id", "MangoStand#1");
        replica.put("state", "RUNNING");
        Map<String, Object> deployment = new LinkedHashMap<>();
        deployment.put("status", "HEALTHY");
        deployment.put("replicas", List.of(replica));
        return Map.of("deployments", Map.of("MangoStand", deployment));
    }

    /** Each scale request taken, as {@code app/deployment=replicas}. */
    public final List<String> scaled = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void scale(String app, String deployment, int replicas) throws DeployRefusedException {
        if (refuseWith != null) {
            throw new DeployRefusedException(refuseWith);
        }
        scaled.add(app + "/" + deployment + "=" + replicas);
    }

    /** The node's events, as the runtime's history would hold them ({@code seq} ascending). */
    public final List<Map<String, Object>> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Each {@code since} the agent asked with. */
    public final List<Long> eventsAsked = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Map<String, Object> events(long since) {
        eventsAsked.add(since);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("events", events.stream().filter(e -> ((Number) e.get("seq")).longValue() > since).toList());
        doc.put("cursor", events.isEmpty() ? 0L : events.get(events.size() - 1).get("seq"));
        doc.put("dropped", 0L);
        return doc;
    }

    @Override
    public void shutdown() {
        shutdowns.incrementAndGet();
        goal = null;
    }

    @Override
    public RouteTable routes() {
        return new FakeRoutes(Map.of());
    }
}
