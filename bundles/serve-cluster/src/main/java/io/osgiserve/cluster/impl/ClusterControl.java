package io.osgiserve.cluster.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.osgiserve.cluster.Cluster;
import io.osgiserve.cluster.ClusterNode;
import io.osgiserve.cluster.Role;
import io.osgiserve.cluster.Versioned;
import io.osgiserve.cluster.WriteRefusedException;
import io.osgiserve.cluster.placement.DeploymentDemand;
import io.osgiserve.cluster.placement.NodeCapacity;
import io.osgiserve.cluster.placement.Placement;
import io.osgiserve.cluster.placement.Resources;
import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.ConfigException;
import io.osgiserve.config.ConfigForm;
import io.osgiserve.node.CodeUnavailableException;
import io.osgiserve.node.DeployRefusedException;
import io.osgiserve.node.NodeShares;
import io.osgiserve.node.RemoteReplicas;
import io.osgiserve.node.RouteTable;
import io.osgiserve.node.ServeNode;
import io.osgiserve.node.UnavailableException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node as a member of a cluster: the same reconcile loop on every node, with the leader deciding
 * placement. A deploy accepted by any node's agent is a compare-and-set of the cluster's {@code goal};
 * every node deploys the goal to its own controller; the leader places each deployment's replicas on the
 * nodes ({@link Placement}) and writes the counts as {@code assignments}; each node runs its share and
 * publishes its details, and the agent's reads merge every live node's. One thread ({@code step}) does
 * all of it, on every cluster change and every {@value #STEP_MS} ms.
 */
public final class ClusterControl implements ServeNode, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterControl.class.getName());
    static final String GOAL = "goal";
    static final String ASSIGNMENTS = "assignments";
    static final int STEP_MS = 250;
    private static final String NO_QUORUM = "this node does not see a majority of the cluster's nodes (or it was just"
            + " paused), so it makes no changes (reads still work); try a node of the majority";

    private final Cluster cluster;
    private final ServeNode local;
    private final NodeShares shares;
    private final RemoteReplicas data;
    private final Map<String, Object> self;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "serve-cluster-control");
        t.setDaemon(true);
        return t;
    });
    private final AutoCloseable subscription;
    /** Digests this node fetched for a deploy it accepted, offered to the others before the goal names them. */
    private final java.util.Set<String> offered = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The digests the applied goal pins its code to (loop thread writes, publish reads). */
    private volatile java.util.Collection<String> pinned = List.of();
    // loop thread only
    private long appliedGoal = -1;
    private Map<String, Map<String, Integer>> appliedShares;
    private Map<String, List<Map<String, Object>>> fed = Map.of();
    private String lastPublished;
    private long lastPublishedAt;

    /**
     * @param self what this node tells the others about itself besides its state (agent and ingress addresses)
     * @param head whether this node was started as the cluster's head (it alone serves HTTP under HeadOnly)
     */
    public ClusterControl(Cluster cluster, ServeNode local, NodeShares shares, RemoteReplicas data, Map<String, Object> self,
                          boolean head) {
        this.cluster = cluster;
        this.local = local;
        this.shares = shares;
        this.data = data;
        this.self = Map.copyOf(self);
        // nothing runs here until the leader has placed it
        shares.shares(Map.of());
        shares.head(head);
        appliedShares = Map.of();
        data.codeHolders(this::codeHolders);
        loop.scheduleWithFixedDelay(this::stepSafely, 0, STEP_MS, TimeUnit.MILLISECONDS);
        subscription = cluster.onChange(() -> {
            if (!loop.isShutdown()) {
                loop.execute(this::stepSafely);
            }
        });
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "unsubscribe", e);
        }
        loop.shutdownNow();
    }

    // ---------------------------------------------------------------- ServeNode: changes go to the cluster

    @Override
    public void deploy(ConfigDocument config, InetAddress caller) throws DeployRefusedException {
        // a node without a quorum answers at once: it reads no code for a goal it cannot write
        if (cluster.role() == Role.NO_QUORUM) {
            throw new UnavailableException(NO_QUORUM);
        }
        Map<String, Object> goal = new LinkedHashMap<>();
        goal.put("form", config.form().name());
        goal.put("config", config.toJson());
        goal.put("caller", caller == null ? null : caller.getHostAddress());
        goal.put("timestamp", System.currentTimeMillis() / 1000.0);
        Map<String, String> kept = new TreeMap<>();
        goal.put("code", fetchCodeOnce(config, caller, kept));
        if (!kept.isEmpty()) {
            goal.put("code_kept", kept);
        }
        propose(goal);
    }

    /**
     * This node reads each runtime_env URI once, now, and the goal names its bytes by digest: every node
     * installs those bytes (from its cache or a node that holds them), none reads the source again. This
     * node's entry says it holds them before the goal is written, so that the others find them at once.
     *
     * @param kept filled with why, per URI whose source could not be read and whose earlier digest the goal keeps
     * @throws DeployRefusedException when the caller may not have a URI read (policy, limit, URI): as on one node
     */
    private Map<String, String> fetchCodeOnce(ConfigDocument config, InetAddress caller, Map<String, String> kept)
            throws DeployRefusedException {
        Map<String, String> code = new TreeMap<>();
        Map<String, String> before = previousPins();
        for (io.osgiserve.config.AppConfig app : config.applications()) {
            List<String> uris = new ArrayList<>();
            app.runtimeEnv().workingDir().ifPresent(uris::add);
            uris.addAll(app.runtimeEnv().bundles());
            for (String uri : uris) {
                if (code.containsKey(uri) || kept.containsKey(uri)) {
                    continue;
                }
                try {
                    data.fetchCode(uri, caller).ifPresent(d -> code.put(uri, d));
                } catch (CodeUnavailableException e) {
                    String earlier = before.get(uri);
                    if (earlier != null) {
                        // the nodes keep the bytes the cluster read before, and every status says so
                        code.put(uri, earlier);
                        kept.put(uri, e.getMessage() + "; the cluster keeps running " + earlier + ", read from it earlier");
                    }
                    // else no pin: each node reads the source itself and reports why, as a single node does
                }
            }
        }
        if (!code.isEmpty()) {
            code.values().forEach(d -> offered.add(hexOf(d)));
            try {
                loop.submit(this::stepSafely).get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                     | java.util.concurrent.RejectedExecutionException e) {
                LOG.fine("this node's entry was not published before the goal: the others retry their fetch");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return code;
    }

    /** The digests the current goal pins; none when there is no goal or this node cannot read it. */
    private Map<String, String> previousPins() {
        try {
            return cluster.read(GOAL).flatMap(v -> parseGoal(v.json())).map(GoalDoc::code).orElse(Map.of());
        } catch (IllegalStateException e) {
            LOG.warning("the previous goal pins no code here: " + e.getMessage());
            return Map.of();
        }
    }

    /** The internal ports of the other live nodes whose entry says they hold {@code hex}. */
    @SuppressWarnings("unchecked")
    private List<java.net.URI> codeHolders(String hex) {
        List<java.net.URI> out = new ArrayList<>();
        entries().forEach((nodeId, entry) -> {
            if (!nodeId.equals(cluster.nodeId()) && entry.get("code") instanceof List<?> held && held.contains(hex)
                    && entry.get("internal_base") instanceof String base) {
                try {
                    out.add(java.net.URI.create(base));
                } catch (IllegalArgumentException e) {
                    LOG.fine("the internal address of " + nodeId + " is not a URI");
                }
            }
        });
        return out;
    }

    private static String hexOf(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    @Override
    public void shutdown() {
        Map<String, Object> goal = new LinkedHashMap<>();
        goal.put("config", null);
        propose(goal);
    }

    @Override
    public void scale(String app, String deployment, int replicas) throws DeployRefusedException {
        throw new DeployRefusedException("in a cluster, a deployment's replica count changes with a deploy (num_replicas);"
                + " the leader places the replicas");
    }

    /** Writes the goal from the generation read (a concurrent deploy wins, this one retries), then applies it here. */
    private void propose(Map<String, Object> goal) {
        String json = Json.write(goal);
        for (int attempt = 0; ; attempt++) {
            if (cluster.role() == Role.NO_QUORUM) {
                throw new UnavailableException(NO_QUORUM);
            }
            long generation = cluster.read(GOAL).map(Versioned::generation).orElse(0L);
            try {
                cluster.propose(GOAL, generation, json);
                break;
            } catch (WriteRefusedException e) {
                if (cluster.role() == Role.NO_QUORUM) {
                    throw new UnavailableException(NO_QUORUM);
                }
                if (attempt >= 5) {
                    throw new UnavailableException("the cluster did not take the deploy: " + e.getMessage());
                }
            }
        }
        // accepted: this node acts on it now (the others on their cluster event), the caller need not wait
        if (!loop.isShutdown()) {
            loop.execute(this::stepSafely);
        }
    }

    // ---------------------------------------------------------------- ServeNode: reads merge every node's

    @Override
    public Optional<ConfigDocument> goal() {
        return cluster.read(GOAL).flatMap(v -> parseGoal(v.json())).map(GoalDoc::config);
    }

    @Override
    public Map<String, Object> applications() {
        Map<String, Object> merged = DetailsMerge.applications(local.applications(), entries(), pending());
        Optional<GoalDoc> doc;
        try {
            doc = cluster.read(GOAL).flatMap(v -> parseGoal(v.json()));
        } catch (IllegalStateException e) {
            return merged;
        }
        return doc.map(d -> DetailsMerge.withKeptCode(merged, d.config(), d.kept())).orElse(merged);
    }

    @Override
    public Map<String, Object> status() {
        return DetailsMerge.status(local.status(), entries());
    }

    @Override
    public List<Map<String, Object>> nodes() {
        Map<String, Map<String, Object>> entries = entries();
        Role leaderRole = cluster.role();
        List<Map<String, Object>> out = new ArrayList<>();
        List<ClusterNode> members = cluster.members();
        for (int i = 0; i < members.size(); i++) {
            ClusterNode member = members.get(i);
            Map<String, Object> entry = entries.getOrDefault(member.nodeId(), Map.of());
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("node_id", member.nodeId());
            node.put("address", member.address());
            node.put("state", "ALIVE");
            node.put("leader", i == 0 && leaderRole != Role.NO_QUORUM);
            node.put("this_node", member.nodeId().equals(cluster.nodeId()));
            node.put("agent_address", entry.get("agent_address"));
            node.put("resources", resources(member.offered()));
            node.put("used", entry.getOrDefault("used", resources(Resources.NONE)));
            node.put("replicas", entry.getOrDefault("replicas", List.of()));
            out.add(node);
        }
        return out;
    }

    @Override
    public RouteTable routes() {
        return local.routes();
    }

    /** This node's own history (each node keeps its own). */
    @Override
    public Map<String, Object> events(long since) {
        return local.events(since);
    }

    // ---------------------------------------------------------------- the step

    private void stepSafely() {
        try {
            step();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cluster step failed; next in " + STEP_MS + " ms", e);
        }
    }

    private void step() {
        applyGoal();
        Map<String, Object> localDetails = local.applications();
        Map<String, Demand> demands = Demand.of(localDetails);
        if (cluster.role() == Role.LEADER) {
            place(demands);
        }
        Assignments assignments = Assignments.read(cluster);
        Map<String, Map<String, Integer>> mine = assignments.sharesOf(cluster.nodeId());
        if (!mine.equals(appliedShares)) {
            shares.shares(mine);
            appliedShares = mine;
        }
        publish(localDetails, mine, demands);
        feedRemoteReplicas();
    }

    /** The other live nodes' routable replicas, to this node's routers (only the deployments whose set changed). */
    @SuppressWarnings("unchecked")
    private void feedRemoteReplicas() {
        Map<String, List<Map<String, Object>>> wanted = new TreeMap<>();
        entries().forEach((nodeId, entry) -> {
            if (nodeId.equals(cluster.nodeId()) || !(entry.get("refs") instanceof List<?> refs)) {
                return;
            }
            for (Object r : refs) {
                Map<String, Object> ref = (Map<String, Object>) r;
                wanted.computeIfAbsent(ref.get("app") + "\n" + ref.get("deployment"), k -> new ArrayList<>()).add(ref);
            }
        });
        if (wanted.equals(fed)) {
            return;
        }
        java.util.Set<String> keys = new java.util.TreeSet<>(wanted.keySet());
        keys.addAll(fed.keySet());
        for (String key : keys) {
            List<Map<String, Object>> refs = wanted.getOrDefault(key, List.of());
            if (!refs.equals(fed.get(key))) {
                int newline = key.indexOf('\n');
                data.remoteReplicas(key.substring(0, newline), key.substring(newline + 1), refs);
            }
        }
        fed = wanted;
    }

    /** This node's routable replicas as the others call them: with its id and internal address. */
    private List<Map<String, Object>> localRefs() {
        java.net.URI internal = data.internalAddress();
        if (internal == null) {
            return List.of(); // not listening yet: nobody could call them
        }
        List<Map<String, Object>> refs = new ArrayList<>();
        for (Map<String, Object> replica : data.localReplicas()) {
            Map<String, Object> ref = new LinkedHashMap<>(replica);
            ref.put("node_id", cluster.nodeId());
            ref.put("internal_base", internal.toString());
            refs.add(ref);
        }
        refs.sort(java.util.Comparator.comparing(r -> String.valueOf(r.get("replica_id"))));
        return refs;
    }

    private void applyGoal() {
        Optional<Versioned> goal = cluster.read(GOAL);
        if (goal.isEmpty() || goal.get().generation() == appliedGoal) {
            return;
        }
        Optional<GoalDoc> doc = parseGoal(goal.get().json());
        try {
            if (doc.isEmpty()) {
                local.shutdown();
            } else {
                // the code the accepting node read, by digest: pinned before the controller fetches it
                data.codePins(doc.get().code());
                pinned = doc.get().code().values().stream().map(ClusterControl::hexOf).toList();
                offered.removeAll(pinned);
                local.deploy(doc.get().config(), doc.get().caller());
            }
        } catch (DeployRefusedException | IllegalArgumentException e) {
            LOG.warning("this node refused the cluster's goal of generation " + goal.get().generation() + ": " + e.getMessage());
        }
        appliedGoal = goal.get().generation();
    }

    /** The leader's part: each deployment's replicas over the live nodes, written when it changed. */
    private void place(Map<String, Demand> demands) {
        Optional<Versioned> current = cluster.read(ASSIGNMENTS);
        Assignments before = current.map(v -> Assignments.parse(v.json())).orElse(Assignments.NONE);
        List<NodeCapacity> nodes = cluster.members().stream().map(m -> new NodeCapacity(m.nodeId(), m.offered())).toList();
        List<DeploymentDemand> wanted = demands.entrySet().stream().map(e -> e.getValue().demand(e.getKey())).toList();
        Placement.Result result = Placement.place(nodes, wanted, before.byDeployment());
        Assignments next = Assignments.of(result);
        if (next.equals(before)) {
            return;
        }
        try {
            cluster.write(ASSIGNMENTS, current.map(Versioned::generation).orElse(0L), next.toJson());
            LOG.info(() -> "placed: " + next.toJson());
        } catch (WriteRefusedException e) {
            LOG.info("placement not written (" + e.getMessage() + "); next step reads again");
        }
    }

    private void publish(Map<String, Object> localDetails, Map<String, Map<String, Integer>> mine, Map<String, Demand> demands) {
        Map<String, Object> entry = new LinkedHashMap<>(self);
        entry.put("node_id", cluster.nodeId());
        entry.put("role", cluster.role().name());
        Resources used = Resources.NONE;
        for (Map.Entry<String, Map<String, Integer>> app : mine.entrySet()) {
            for (Map.Entry<String, Integer> d : app.getValue().entrySet()) {
                Demand demand = demands.get(app.getKey() + "/" + d.getKey());
                for (int i = 0; demand != null && i < d.getValue(); i++) {
                    used = plus(used, demand.perReplica());
                }
            }
        }
        entry.put("used", resources(used));
        entry.put("replicas", DetailsMerge.replicasOf(localDetails));
        entry.put("refs", localRefs());
        java.net.URI internal = data.internalAddress();
        entry.put("internal_base", internal == null ? null : internal.toString());
        // which code this node holds (digests only; the bytes go over the internal port)
        java.util.Set<String> code = new java.util.TreeSet<>(pinned);
        code.addAll(offered);
        code.removeIf(hex -> !data.holdsCode(hex));
        entry.put("code", List.copyOf(code));
        entry.put("applications", localDetails);
        entry.put("status", local.status());
        String json = Json.write(entry);
        long now = System.nanoTime();
        if (!json.equals(lastPublished) || now - lastPublishedAt > TimeUnit.SECONDS.toNanos(2)) {
            cluster.publish(json);
            lastPublished = json;
            lastPublishedAt = now;
        }
    }

    private Map<String, Map<String, Object>> entries() {
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        cluster.published().forEach((nodeId, json) -> {
            try {
                entries.put(nodeId, Json.JSON.readValue(json, new TypeReference<Map<String, Object>>() { }));
            } catch (JsonProcessingException e) {
                LOG.fine("the entry of " + nodeId + " is not JSON");
            }
        });
        return entries;
    }

    private Map<String, String> pending() {
        return Assignments.read(cluster).pending();
    }

    // ---------------------------------------------------------------- the goal's form in the cluster

    /**
     * @param code per runtime_env URI, the digest of the bytes the accepting node read ({@code sha256:<hex>})
     * @param kept per URI whose source could not be read at the deploy, why, and which earlier digest runs
     */
    record GoalDoc(ConfigDocument config, InetAddress caller, Map<String, String> code, Map<String, String> kept) {
    }

    /** @throws IllegalStateException when {@code json} is not a goal this node reads */
    static Optional<GoalDoc> parseGoal(String json) {
        try {
            Map<String, Object> goal = Json.read(json);
            Object config = goal.get("config");
            if (config == null) {
                return Optional.empty();
            }
            ConfigForm form = ConfigForm.valueOf(String.valueOf(goal.get("form")));
            ConfigDocument doc = ConfigDocument.parse(String.valueOf(config).getBytes(StandardCharsets.UTF_8), "application/json", form);
            Object caller = goal.get("caller");
            return Optional.of(new GoalDoc(doc, caller == null ? null : InetAddress.getByName(String.valueOf(caller)),
                    stringMap(goal.get("code")), stringMap(goal.get("code_kept"))));
        } catch (ConfigException | UnknownHostException | IllegalArgumentException e) {
            throw new IllegalStateException("the cluster's goal is not a config this node reads: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> stringMap(Object value) {
        Map<String, String> out = new TreeMap<>();
        if (value instanceof Map<?, ?> named) {
            named.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    static Map<String, Object> resources(Resources r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("num_cpus", r.cpus());
        out.put("memory", r.memory());
        out.put("resources", new TreeMap<>(r.custom()));
        return out;
    }

    private static Resources plus(Resources a, Resources b) {
        Map<String, Double> custom = new TreeMap<>(a.custom());
        b.custom().forEach((k, v) -> custom.merge(k, v, Double::sum));
        return new Resources(a.cpus() + b.cpus(), a.memory() + b.memory(), custom);
    }

    /** What one deployment asks the cluster for, as the node's own details show its effective config. */
    record Demand(int replicas, Resources perReplica, int maxReplicasPerNode) {
        DeploymentDemand demand(String name) {
            return new DeploymentDemand(name, replicas, perReplica, maxReplicasPerNode);
        }

        @SuppressWarnings("unchecked")
        static Map<String, Demand> of(Map<String, Object> details) {
            Map<String, Demand> out = new LinkedHashMap<>();
            if (!(details.get("applications") instanceof Map<?, ?> apps)) {
                return out;
            }
            apps.forEach((appName, app) -> {
                if (!(((Map<String, Object>) app).get("deployments") instanceof Map<?, ?> ds)) {
                    return;
                }
                ds.forEach((name, d) -> {
                    Map<String, Object> config = (Map<String, Object>) ((Map<String, Object>) d).getOrDefault("deployment_config", Map.of());
                    out.put(appName + "/" + name, new Demand(replicas(config),
                            DeploymentDemand.fromActorOptions((Map<String, ?>) config.get("ray_actor_options")),
                            config.get("max_replicas_per_node") instanceof Number n ? n.intValue() : 0));
                });
            });
            return out;
        }

        @SuppressWarnings("unchecked")
        private static int replicas(Map<String, Object> config) {
            if (config.get("num_replicas") instanceof Number n) {
                return n.intValue();
            }
            if (config.get("autoscaling_config") instanceof Map<?, ?> a && ((Map<String, Object>) a).get("min_replicas") instanceof Number n) {
                return Math.max(1, n.intValue()); // autoscaling across nodes is not done: its minimum runs
            }
            return 1;
        }
    }

    /** The leader's placement as the cluster keeps it: replicas per node per application per deployment. */
    record Assignments(Map<String, Map<String, Map<String, Integer>>> shares, Map<String, String> pending) {
        static final Assignments NONE = new Assignments(Map.of(), Map.of());

        static Assignments read(Cluster cluster) {
            return cluster.read(ASSIGNMENTS).map(v -> parse(v.json())).orElse(NONE);
        }

        @SuppressWarnings("unchecked")
        static Assignments parse(String json) {
            Map<String, Object> doc = Json.read(json);
            Map<String, Map<String, Map<String, Integer>>> shares = new TreeMap<>();
            ((Map<String, Object>) doc.getOrDefault("shares", Map.of())).forEach((node, apps) -> {
                Map<String, Map<String, Integer>> byApp = new TreeMap<>();
                ((Map<String, Object>) apps).forEach((app, ds) -> {
                    Map<String, Integer> counts = new TreeMap<>();
                    ((Map<String, Object>) ds).forEach((d, n) -> counts.put(d, ((Number) n).intValue()));
                    byApp.put(app, counts);
                });
                shares.put(node, byApp);
            });
            Map<String, String> pending = new TreeMap<>();
            ((Map<String, Object>) doc.getOrDefault("pending", Map.of())).forEach((k, v) -> pending.put(k, String.valueOf(v)));
            return new Assignments(shares, pending);
        }

        static Assignments of(Placement.Result result) {
            Map<String, Map<String, Map<String, Integer>>> shares = new TreeMap<>();
            result.replicas().forEach((name, byNode) -> {
                int slash = name.indexOf('/');
                String app = name.substring(0, slash);
                String deployment = name.substring(slash + 1);
                byNode.forEach((node, n) -> shares.computeIfAbsent(node, k -> new TreeMap<>())
                        .computeIfAbsent(app, k -> new TreeMap<>()).put(deployment, n));
            });
            return new Assignments(shares, new TreeMap<>(result.pending()));
        }

        Map<String, Map<String, Integer>> sharesOf(String nodeId) {
            return shares.getOrDefault(nodeId, Map.of());
        }

        /** Per deployment ({@code app/deployment}), replicas per node: Placement's "current". */
        Map<String, Map<String, Integer>> byDeployment() {
            Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
            shares.forEach((node, apps) -> apps.forEach((app, ds) -> ds.forEach((d, n) ->
                    out.computeIfAbsent(app + "/" + d, k -> new TreeMap<>()).put(node, n))));
            return out;
        }

        String toJson() {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("shares", shares);
            doc.put("pending", pending);
            return Json.write(doc);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Assignments a && Objects.equals(shares, a.shares) && Objects.equals(pending, a.pending);
        }

        @Override
        public int hashCode() {
            return Objects.hash(shares, pending);
        }
    }
}
