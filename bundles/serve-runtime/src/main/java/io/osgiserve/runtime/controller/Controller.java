package io.osgiserve.runtime.controller;

import io.osgiserve.api.BoundDeployment;
import io.osgiserve.config.AccessLogSwitch;
import io.osgiserve.config.AppConfig;
import io.osgiserve.config.ChangeKind;
import io.osgiserve.config.ConfigForm;
import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.DeploymentChange;
import io.osgiserve.config.DeploymentConfig;
import io.osgiserve.config.UpdatePlan;
import io.osgiserve.config.UpdatePlanner;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.node.DeployRefusedException;
import io.osgiserve.node.Ingress;
import io.osgiserve.node.RouteTable;
import io.osgiserve.node.ServeNode;
import io.osgiserve.runtime.code.Caller;
import io.osgiserve.runtime.replica.Replica;
import io.osgiserve.runtime.routing.DeploymentRouter;
import io.osgiserve.runtime.routing.LocalReplicas;
import io.osgiserve.runtime.routing.RemoteCalls;
import io.osgiserve.runtime.routing.RemoteReplica;
import io.osgiserve.runtime.routing.RemoteReplicaRef;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's controller, a level-triggered reconciler. One thread (the {@link ReconcileLoop}) owns
 * every piece of state: agent requests, SCR callbacks, timers and the completions of user lifecycle
 * steps only post events to it. Each pass compares, per deployment ({@link ReplicaSet}), what the goal
 * wants with the replicas there are and takes the next step; passes run after events and every
 * 100 ms, so drift (a lost replica, a failed start) is repaired without a deploy. Code is installed
 * and loaded off the loop ({@link GoalResolver}); a newer goal cancels that work. State is keyed by
 * application name ({@link App}): applications are resolved, planned, converged and torn down each
 * on its own, so deploying, updating or failing one never touches another's replicas; they share the
 * loop, the code thread and the ingress, whose route table holds every application's routes.
 */
public final class Controller implements ServeNode, ReplicaHost, DeploymentHost {
    /** The application of Ray 2.0's form (and of the V1 API). */
    public static final String APP = "default";

    private static final Logger LOG = Logger.getLogger(Controller.class.getName());
    private static final Duration TICK = Duration.ofMillis(100);
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** Node-wide settings. */
    public record Settings(String nodeId, String defaultHost, int defaultPort, int maxQueuedRequests,
            Duration replicaStartTimeout) {
    }

    private final Settings settings;
    private final ReplicaTransport transport;
    private final DeploymentCarrier carrier;
    private final GoalStore store;
    private final Executor requests;
    private final Executor lifecycle;
    private final ReconcileLoop loop = new ReconcileLoop("serve-controller", this::pass, this::tick);
    /** Installs, loads and uninstalls code, one step at a time (interruptible by a newer goal). */
    private final ExecutorService codeExecutor = Executors.newSingleThreadExecutor(r -> daemon(r, "serve-code"));
    /** Writes the goal store and creates and disposes replica carriers, in order, off the loop. */
    private volatile Thread ioThread;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> ioThread = daemon(r, "serve-controller-io"));
    /**
     * Writes the deployments' configurations (and deploys operators' edits of them), in order, off the
     * loop: on a thread of its own, so that a user_config's round trip through ConfigAdmin waits
     * neither for the goal file of its deploy nor for a large deploy's replica carriers.
     */
    private final ExecutorService configurationWriter = Executors.newSingleThreadExecutor(r -> daemon(r, "serve-configurations"));
    private final GoalResolver resolver;
    private final CodeJanitor janitor;
    private final HealthMonitor health = new HealthMonitor(loop);
    private final AutoscalingDriver autoscaling = new AutoscalingDriver(loop);
    private final StatusGauges gauges = new StatusGauges();
    private final ClusterShare share = new ClusterShare();
    private final IngressBinding ingress;
    private volatile boolean head = true;
    private final SecureRandom random = new SecureRandom();
    private final ReplicaSet.ReplicaSupply supply;

    // ---- loop-thread state
    /** The applications, by name, in the goal's order. */
    private final Map<String, App> apps = new LinkedHashMap<>();
    private final Map<String, ReplicaSet.Member> byId = new java.util.HashMap<>();
    /** What happened lately, for GET /api/serve/events and the dashboard. */
    private final EventHistory events = new EventHistory();
    private String lastSavedApplied;
    // ---- published for readers on other threads
    /** The whole accepted document (every application). */
    /** Where replicas and the reconcile loop record (the node's ServeMetrics; off until set). */
    private volatile ServeMetrics metrics = ServeMetrics.off();
    private volatile ConfigGoal goal;
    private volatile RouteTable routes = RouteTableImpl.EMPTY;
    // ---- cluster data plane: replicas on other nodes
    /** This node's routable replicas, where calls from other nodes find them. */
    private final LocalReplicas localReplicas = new LocalReplicas();
    /** The client of calls to other nodes (null: not in a cluster; remote replicas are ignored). */
    private volatile RemoteCalls remoteCalls;
    /** Loop thread: the replicas other nodes run, by application and deployment, as the cluster last said. */
    private final Map<String, Map<String, List<RemoteReplicaRef>>> remoteRefs = new java.util.HashMap<>();

    public Controller(Settings settings, CodeInstaller installer, ReplicaTransport transport, GoalStore store,
            Executor requests, Executor lifecycle) {
        this(settings, installer, transport, null, store, requests, lifecycle);
    }

    public Controller(Settings settings, CodeInstaller installer, ReplicaTransport transport, DeploymentCarrier carrier,
            GoalStore store, Executor requests, Executor lifecycle) {
        this.settings = settings;
        this.carrier = carrier != null ? carrier : new MemoryCarrier(this); // no framework: configurations in memory
        this.transport = transport;
        this.store = store;
        this.requests = requests;
        this.lifecycle = lifecycle;
        this.resolver = new GoalResolver(installer);
        this.janitor = new CodeJanitor(loop, installer, codeExecutor);
        this.ingress = new IngressBinding(settings.defaultHost(), settings.defaultPort(), () -> routes);
        this.supply = new ReplicaSet.ReplicaSupply() {
            @Override
            public Replica newReplica(String app, String deployment, String codeIdentity) {
                Replica r = new Replica(deployment + "#" + randomId(), deployment, codeIdentity, requests, lifecycle);
                r.metrics(metrics.replica(app, deployment, r.id())); // the application it belongs to, for its labels
                return r;
            }

            @Override
            public void create(ReplicaConfig config, Replica replica) {
                io.execute(() -> {
                    try {
                        transport.create(config, replica);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "cannot create the carrier of replica " + config.replicaId(), e);
                    }
                });
            }

            @Override
            public CompletableFuture<Void> dispose(Replica replica) {
                CompletableFuture<Void> closed = new CompletableFuture<>();
                Runnable dispose = () -> {
                    try {
                        transport.delete(replica.id());
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "cannot dispose the carrier of replica " + replica.id(), e);
                    }
                    // the carrier's deactivation closed it; close() is idempotent and gives that same outcome
                    replica.close().whenComplete((v, t) -> closed.complete(null));
                };
                try {
                    io.execute(dispose);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    dispose.run();
                }
                return closed;
            }
        };
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Clears replica carriers of an earlier run and re-applies the stored goal, if any. */
    public void start() {
        transport.deleteAll();
        carrier.deleteAll();
        Optional<GoalStore.Stored> stored = store.load();
        Optional<ConfigDocument> lastGood = store.loadApplied();
        loop.start(TICK);
        if (stored.isPresent()) {
            ConfigDocument doc = stored.get().config();
            if (!doc.applications().isEmpty()) {
                ingress.here(proxyHere(doc));
                ingress.restore(doc.applications().get(0));
            }
            loop.post(() -> {
                ConfigGoal g = new ConfigGoal(doc, stored.get().deploymentTimestamp(), 1, stored.get().caller());
                goal = g;
                for (AppConfig a : doc.applications()) {
                    App app = new App(a.name());
                    apps.put(a.name(), app);
                    ConfigGoal wanted = app.goalOf(g, a);
                    app.goal = wanted;
                    Optional<AppConfig> good = lastGood.flatMap(d -> d.application(a.name()));
                    if (good.isPresent() && !good.get().equals(a)) {
                        // the goal failed before the restart: bring back what served then, then try the goal again
                        // it was applied in full before, so its code passed its caller's policy then
                        app.interim = app.goalOf(new ConfigGoal(lastGood.get(), g.timestamp(), 0, Caller.LOOPBACK), good.get());
                        app.resolve(app.interim);
                    } else {
                        app.resolve(wanted);
                    }
                }
            });
        }
    }

    /**
     * Stops the loop and every replica; the goal stays stored for the next start. The future completes
     * when every replica's close hook has returned.
     */
    public CompletableFuture<Void> stop() {
        ingress.close();
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        try {
            loop.call(() -> {
                for (App app : apps.values()) {
                    app.cancelResolution();
                    for (ReplicaSet s : app.sets.values()) {
                        s.router.close();
                        List<ReplicaSet.Member> all = new ArrayList<>(s.members());
                        all.addAll(s.retiring());
                        for (ReplicaSet.Member m : all) {
                            m.replica.stopRouting();
                            closed.add(m.replica.close());
                        }
                        s.closeRestFaces();
                    }
                }
                return null;
            });
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "the controller did not stop cleanly", e);
        }
        loop.stop();
        codeExecutor.shutdownNow();
        io.shutdown();
        configurationWriter.shutdown();
        return CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new));
    }

    // ---------------------------------------------------------------- cluster data plane

    /** This node's routable replicas by id: what calls from other nodes reach ({@code ReplicaCalls}). */
    public LocalReplicas localReplicas() {
        return localReplicas;
    }

    /** The client of calls to replicas on other nodes; set before remote replicas are given. */
    public void remoteCalls(RemoteCalls calls) {
        this.remoteCalls = calls;
        loop.post(() -> apps.forEach((name, app) -> app.sets.keySet().forEach(d -> attachRemotes(app, d))));
    }

    /**
     * Replaces the replicas other nodes run of {@code app}'s {@code deployment} (RUNNING ones, as the
     * cluster publishes them); this node's routers call them when no local replica has a slot. Safe from
     * any thread (it posts to the loop); refs for an application not here yet are kept until it is.
     */
    public void remoteReplicas(String app, String deployment, List<RemoteReplicaRef> refs) {
        List<RemoteReplicaRef> copy = List.copyOf(refs);
        loop.post(() -> {
            remoteRefs.computeIfAbsent(app, a -> new java.util.HashMap<>()).put(deployment, copy);
            App a = apps.get(app);
            if (a != null) {
                attachRemotes(a, deployment);
            }
        });
    }

    /** Gives the deployment's router the remote replicas the cluster last named (loop thread). */
    private void attachRemotes(App app, String deployment) {
        ReplicaSet set = app.sets.get(deployment);
        RemoteCalls calls = remoteCalls;
        if (set == null || calls == null) {
            return;
        }
        List<RemoteReplicaRef> refs = remoteRefs.getOrDefault(app.name, Map.of()).getOrDefault(deployment, List.of());
        Map<String, RemoteReplica> before = new java.util.HashMap<>();
        set.router.remotes().forEach(r -> before.put(r.id(), r));
        List<RemoteReplica> now = new ArrayList<>();
        for (RemoteReplicaRef ref : refs) {
            Class<?> type = deploymentClass(set, ref.code());
            RemoteReplica kept = before.get(ref.replicaId());
            now.add(kept != null && kept.ref().equals(ref) && kept.deploymentClass() == type
                    ? kept : new RemoteReplica(ref, calls, type));
        }
        set.router.remotes(now);
    }

    /** The deployment's class in this node's copy of {@code code} (else in its newest code): results are read as its types. */
    private static Class<?> deploymentClass(ReplicaSet set, String code) {
        List<DeploymentSpec> specs = new ArrayList<>();
        set.members().forEach(m -> specs.add(m.spec));
        set.retiring().forEach(m -> specs.add(m.spec));
        for (DeploymentSpec s : specs) {
            if (s.codeIdentity().equals(code)) {
                return s.node().deployment().type();
            }
        }
        DeploymentSpec newest = set.spec();
        if (newest != null && newest.codeIdentity().equals(code)) {
            return newest.node().deployment().type();
        }
        return newest == null ? null : newest.node().deployment().type();
    }

    /** The ingress service appeared (or went away, with null). */
    public void ingress(Ingress in) {
        ingress.service(in);
        loop.post(() -> { });
    }

    // ---------------------------------------------------------------- ServeNode

    /**
     * The document lists every application the node runs: each listed one is deployed (an unchanged one
     * is a no-op), each no longer listed is deleted. Applications never share replicas or state.
     */
    @Override
    public void deploy(ConfigDocument doc, InetAddress from) throws DeployRefusedException {
        deploy(doc, Caller.of(from));
    }

    /** Makes {@code doc} the goal; its code is fetched with {@code caller}'s policy, now and after a restart. */
    public void deploy(ConfigDocument doc, Caller caller) throws DeployRefusedException {
        if (!doc.applications().isEmpty()) {
            ingress.here(proxyHere(doc));
            ingress.claim(doc.applications().get(0));
        }
        double now = System.currentTimeMillis() / 1000.0;
        // the goal file is written from the loop's order (io is one thread, FIFO): two deploys, or a
        // deploy and a shutdown, from different agent threads leave the file as the loop last saw it
        Future<?> saved = onLoop(() -> {
            ConfigGoal previous = goal;
            ConfigGoal g = new ConfigGoal(doc, now, (previous == null ? 0 : previous.generation()) + 1, caller);
            goal = g;
            Map<String, AppConfig> wanted = new LinkedHashMap<>();
            doc.applications().forEach(a -> wanted.put(a.name(), a));
            for (String name : List.copyOf(apps.keySet())) {
                if (!wanted.containsKey(name)) {
                    apps.remove(name).delete();
                }
            }
            Map<String, App> ordered = new LinkedHashMap<>();
            for (AppConfig a : wanted.values()) {
                App app = apps.computeIfAbsent(a.name(), App::new);
                ordered.put(a.name(), app);
                Optional<AppConfig> before = previous == null ? Optional.empty() : previous.doc().application(a.name());
                if (doc.form() == ConfigForm.MULTI_APP && before.isPresent() && before.get().equals(a)
                        && app.goal != null && app.goalFailure == null) {
                    continue; // listed again unchanged: its replicas, status and timestamp stay
                }
                events.record(a.name(), null, null, EventHistory.Kind.DEPLOY, "deploy accepted (generation " + g.generation() + ")");
                ConfigGoal appGoal = app.goalOf(g, a);
                app.goal = appGoal;
                app.interim = null;
                app.goalConverged = false;
                app.goalFailure = null;
                app.resolveBackoff.succeeded();
                app.resolve(appGoal);
            }
            apps.clear();
            apps.putAll(ordered);
            publishRoutes();
            if (apps.isEmpty()) {
                lastSavedApplied = null;
            }
            return io.submit(() -> store.save(doc, now, caller));
        });
        awaitWrite(saved);
    }

    /** Waits until a goal-store write is on disk, so an accepted deploy survives a crash (not on io itself). */
    private void awaitWrite(Future<?> write) {
        if (Thread.currentThread() == ioThread) {
            return; // queued behind this very task: waiting would never end
        }
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the goal was written", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /** Records replicas and the loop in {@code m} from now on (the node sets it before {@link #start}). */
    public void metrics(ServeMetrics m) {
        this.metrics = m;
    }

    @Override
    public Optional<ConfigDocument> goal() {
        ConfigGoal g = goal;
        return g == null ? Optional.empty() : Optional.of(g.doc());
    }

    @Override
    public void shutdown() {
        if (loop.stopped()) {
            return;
        }
        ingress.close();
        Future<?> cleared = onLoop(() -> {
            goal = null;
            for (App app : apps.values()) {
                app.delete();
            }
            apps.clear();
            routes = RouteTableImpl.EMPTY;
            lastSavedApplied = null;
            // after any saveApplied the loop queued before: applied.json does not come back
            return io.submit(store::clear);
        });
        awaitWrite(cleared);
    }

    @Override
    public void scale(String app, String deployment, int replicas) throws DeployRefusedException {
        try {
            // the count follows num_replicas' own rule
            DeploymentConfig.of(ConfigForm.MULTI_APP, deployment, Map.of("num_replicas", replicas));
        } catch (io.osgiserve.config.ConfigException e) {
            throw new DeployRefusedException("target_num_replicas: " + e.getMessage());
        }
        String refused = onLoop(() -> {
            App a = apps.get(app);
            if (a == null) {
                return "no application named '" + app + "' (the node runs: " + String.join(", ", apps.keySet()) + ")";
            }
            ReplicaSet s = a.sets.get(deployment);
            if (s == null || s.spec() == null) {
                return "application '" + app + "' has no deployment named '" + deployment + "'";
            }
            if (s.spec().options().autoscalingConfig().isPresent()) {
                return "deployment '" + deployment + "' is autoscaled: its autoscaler sets the number of replicas";
            }
            s.event(EventHistory.Kind.SCALE, null, "scale API: " + s.target() + " -> " + replicas + " replicas");
            s.scaleTo(replicas);
            return null;
        });
        if (refused != null) {
            throw new DeployRefusedException(refused);
        }
    }

    /**
     * In a cluster: this node's share of each deployment (see {@link ClusterShare}); deployments rescale to
     * it at once, keeping the replicas that stay.
     */
    public void shares(Map<String, Map<String, Integer>> replicas) {
        loop.post(() -> {
            share.set(replicas);
            for (App app : apps.values()) {
                for (ReplicaSet s : app.sets.values()) {
                    if (s.spec() != null) {
                        s.rescale(share.target(app.name, s.name, s.spec().target(s.target())));
                    }
                }
            }
        });
    }

    /** In a cluster: whether this node is the head, which alone serves HTTP under proxy_location HeadOnly. */
    public void head(boolean isHead) {
        head = isHead;
        ConfigGoal g = goal;
        if (g != null && !g.doc().applications().isEmpty()) {
            ingress.here(proxyHere(g.doc()));
        }
    }

    /** EveryNode (the default): every node's ingress; HeadOnly: the head's only. */
    private boolean proxyHere(ConfigDocument doc) {
        return head || !"HeadOnly".equals(doc.proxyLocation());
    }

    @Override
    public RouteTable routes() {
        return routes;
    }

    /** Ray 2.0's status document, of the application {@value #APP} (else the first one). */
    @Override
    public Map<String, Object> status() {
        if (loop.stopped()) {
            return StatusView.status(null);
        }
        return read(() -> {
            App app = apps.containsKey(APP) ? apps.get(APP) : apps.values().stream().findFirst().orElse(null);
            return StatusView.status(app == null ? null : app.view());
        });
    }

    /** The events after {@code since} (see {@link EventHistory#document}). */
    @Override
    public Map<String, Object> events(long since) {
        return loop.stopped() ? events.document(since) : read(() -> events.document(since));
    }

    @Override
    public Map<String, Object> applications() {
        if (loop.stopped()) {
            return StatusView.applications(settings.nodeId(), List.of());
        }
        return read(() -> {
            ConfigGoal g = goal;
            return StatusView.applications(settings.nodeId(), apps.values().stream().map(App::view).toList(),
                    g == null ? null : g.doc());
        });
    }

    /** Reads controller state on the loop without setting off a pass: the pollers of status and details change nothing. */
    private <T> T read(java.util.concurrent.Callable<T> query) {
        try {
            return loop.read(query);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> event) {
        try {
            return loop.call(event);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    // ---------------------------------------------------------------- ReplicaHost (SCR's threads)

    @Override
    public void attach(ReplicaConfig config) {
        loop.post(() -> {
            ReplicaSet.Member m = byId.get(config.replicaId());
            if (m != null) {
                m.set.attached(m);
            }
        });
    }

    @Override
    public void detach(String replicaId) {
        loop.post(() -> {
            ReplicaSet.Member m = byId.get(replicaId);
            if (m != null) {
                m.set.lost(m);
            }
        });
    }

    // ---------------------------------------------------------------- DeploymentHost (SCR's threads)

    @Override
    public void configured(Map<String, ?> properties) {
        Map<String, Object> copy = new java.util.HashMap<>(properties);
        loop.post(() -> {
            ConfigGoal g = goal;
            String[] key = DeploymentProperties.key(copy);
            App app = key == null ? null : apps.get(key[0]);
            if (g != null && app != null) {
                app.configurations.arrived(copy, g.doc(), app.sets);
            }
        });
    }

    @Override
    public void removed(String app, String deployment) {
        loop.post(() -> {
            App a = apps.get(app);
            if (a != null) {
                a.configurations.removed(deployment);
            }
        });
    }

    // ---------------------------------------------------------------- the pass

    private void tick() {
        long now = System.nanoTime();
        boolean resolving = false;
        for (App app : apps.values()) {
            for (ReplicaSet s : app.sets.values()) {
                health.tick(s);
                if (!share.clustered()) {
                    autoscaling.tick(s, now); // in a cluster the leader's placement sets the counts
                }
            }
            resolving |= app.resolving != null;
        }
        if (!resolving) {
            janitor.sweep(codeInUse()); // visits every replica: once a tick, not on every pass
        }
        List<StatusView.App> views = apps.values().stream().map(App::view).toList();
        gauges.record(metrics, views);
        views.forEach(events::statuses);
    }

    /** One level-triggered pass: every application's deployments a step towards what they want. */
    private void pass() {
        long now = System.nanoTime();
        try {
            reconcilePass(now);
        } finally {
            metrics.controlLoopDuration(System.nanoTime() - now);
        }
    }

    private void reconcilePass(long now) {
        boolean routesMoved = false;
        for (App app : List.copyOf(apps.values())) {
            routesMoved |= app.pass(now);
        }
        if (routesMoved) {
            publishRoutes();
        }
        ConfigGoal g = goal;
        if (g != null && !apps.isEmpty() && apps.values().stream().allMatch(a -> a.goalConverged)) {
            String written = g.doc().toString();
            if (!written.equals(lastSavedApplied)) {
                lastSavedApplied = written;
                ConfigDocument doc = g.doc();
                io.execute(() -> store.saveApplied(doc));
            }
        }
    }

    /** The route table of every application: prefixes longest first across applications. */
    private void publishRoutes() {
        List<RouteTableImpl.Entry> entries = new ArrayList<>();
        for (App app : apps.values()) {
            entries.addAll(app.routeEntries);
        }
        routes = RouteTableImpl.of(entries);
    }

    private Set<InstalledCode> codeInUse() {
        Set<InstalledCode> used = new HashSet<>();
        for (App app : apps.values()) {
            if (app.planned != null) {
                used.add(app.planned.code());
            }
            for (ReplicaSet s : app.sets.values()) {
                if (s.spec() != null) {
                    used.add(s.spec().code());
                }
                s.members().forEach(m -> used.add(m.spec.code()));
                s.retiring().forEach(m -> used.add(m.spec.code()));
            }
        }
        return used;
    }

    // ---------------------------------------------------------------- one application

    /** One application's state and steps; loop thread only. */
    private final class App {
        final String name;
        final Map<String, ReplicaSet> sets = new LinkedHashMap<>();
        /** Read by handles on request threads; written on the loop. */
        final Map<String, DeploymentRouter> routers = new ConcurrentHashMap<>();
        final ReplicaSet.Runtime runtime;
        final DeploymentConfigurations configurations;
        List<String> order = List.of();
        /** This application's part of the goal (a one-application document). */
        ConfigGoal goal;
        /** The goal being worked on before {@link #goal}: after a restart, the last version that ran in full. */
        ConfigGoal interim;
        Future<?> resolving;
        ConfigGoal resolvingGoal;
        final Backoff resolveBackoff = new Backoff();
        String goalFailure;
        /** The resolved goal the replica sets were last told about (the planner compares against it). */
        GoalResolver.Resolved planned;
        boolean goalConverged;
        /** The resolved goal whose convergence was last acted on (leftovers removed, routes switched). */
        GoalResolver.Resolved convergedOn;
        List<RouteTableImpl.Entry> routeEntries = List.of();

        App(String name) {
            this.name = name;
            this.runtime = new ReplicaSet.Runtime(loop, name, supply, routers, byId, settings.replicaStartTimeout());
            this.configurations = new DeploymentConfigurations(loop, name, carrier, configurationWriter, events, doc -> {
                try {
                    deploy(doc);
                    return null;
                } catch (DeployRefusedException e) {
                    return e.getMessage();
                }
            });
        }

        /** This application's goal within the whole goal {@code g}. */
        ConfigGoal goalOf(ConfigGoal g, AppConfig config) {
            return new ConfigGoal(ConfigGoal.alone(g.doc(), config), g.timestamp(), g.generation(), g.caller());
        }

        /** Every replica goes; the application is no longer on the node. */
        void delete() {
            events.record(name, null, null, EventHistory.Kind.DELETED, "application " + name + " deleted");
            events.forget(name);
            cancelResolution();
            for (ReplicaSet s : sets.values()) {
                s.removeAll(true);
            }
            configurations.forgetAll();
            sets.clear();
            routers.clear();
            routeEntries = List.of();
            planned = null;
            convergedOn = null;
            goal = null;
            interim = null;
        }

        // ------------------------------------------------------------ resolving a goal (off the loop)

        void resolve(ConfigGoal g) {
            loop.assertOnLoop();
            cancelResolution();
            resolvingGoal = g;
            GoalResolver.Resolved previous = planned;
            resolving = codeExecutor.submit(() -> {
                try {
                    GoalResolver.Resolved r = resolver.resolve(g, previous, code -> loop.post(() -> janitor.installed(code)));
                    loop.post(() -> resolved(g, r, null));
                } catch (Throwable t) {
                    if (!Thread.currentThread().isInterrupted()) {
                        loop.post(() -> resolved(g, null, t));
                    }
                }
            });
        }

        void cancelResolution() {
            if (resolving != null) {
                resolving.cancel(true); // a newer goal: the older one's fetch is pointless
                resolving = null;
                resolvingGoal = null;
            }
        }

        private void resolved(ConfigGoal g, GoalResolver.Resolved r, Throwable failed) {
            if (g != resolvingGoal || apps.get(name) != this) {
                return; // superseded, or the application was deleted
            }
            resolving = null;
            resolvingGoal = null;
            if (failed != null) {
                String message = failed instanceof DeployFailure || failed instanceof GoalResolver.InstallFailure
                        ? failed.getMessage() : "deploy failed: " + DeployFailure.describe(failed);
                if (!(failed instanceof DeployFailure) && !(failed instanceof GoalResolver.InstallFailure)) {
                    LOG.log(Level.WARNING, "deploy of application " + name + " failed", failed);
                }
                if (failed instanceof GoalResolver.InstallFailure) {
                    // fetching or installing may work later (a server back up): try again with backoff
                    Duration next = resolveBackoff.failed(System.nanoTime());
                    message += " (attempt " + resolveBackoff.failures() + "; next in " + next.toSeconds() + " s)";
                    loop.postLater(next, () -> {
                        boolean stillWanted = apps.get(name) == this && (goal == g || interim == g);
                        if (stillWanted && resolvingGoal == null && (planned == null || planned.goal() != g)) {
                            resolve(g);
                        }
                    });
                }
                if (g == interim) {
                    interim = null;
                    resolve(goal);
                } else {
                    goalFailure = message;
                }
                return;
            }
            resolveBackoff.succeeded();
            if (g == goal) {
                goalFailure = null;
            }
            apply(r);
            if (r.goal() == goal) {
                configurations.carry(r.graph().names(), sets); // a new user_config sets off at once, not at the next pass
            }
        }

        /** Tells each deployment what the resolved goal wants of it (the planner says what kind of change). */
        private void apply(GoalResolver.Resolved r) {
            UpdatePlan plan = UpdatePlanner.plan(planned == null ? null : planned.snapshot(), r.snapshot());
            for (BoundDeployment node : r.graph().deployments()) {
                String deployment = node.deployment().name();
                DeploymentConfig effective = r.effective().get(deployment);
                ChangeKind kind = plan.change(deployment).map(DeploymentChange::kind).orElse(ChangeKind.ADD);
                DeploymentChange change = plan.change(deployment).orElse(null);
                if (kind != ChangeKind.UNCHANGED) {
                    events.record(name, deployment, null, EventHistory.Kind.UPDATE, EventHistory.update(kind, change));
                }
                ReplicaSet set = sets.get(deployment);
                if (set == null) {
                    set = new ReplicaSet(deployment, runtime);
                    set.events(events);
                    set.router.metrics(metrics.router(name, deployment));
                    set.router.onQueuedWithoutReplica(autoscaling.wake(set));
                    set.router.directory(localReplicas, name);
                    sets.put(deployment, set);
                    routers.put(deployment, set.router);
                    set.define(newSpec(r, node, effective),
                            share.target(name, deployment, newSpec(r, node, effective).initialTarget()), maxQueued(effective));
                    attachRemotes(this, deployment);
                    continue;
                }
                if (set.needsFreshStart() || kind == ChangeKind.ADD || kind == ChangeKind.REPLACE
                        || kind == ChangeKind.REINSTALL) {
                    DeploymentSpec spec = newSpec(r, node, effective);
                    set.define(spec, share.target(name, deployment,
                            set.spec() == null ? spec.initialTarget() : spec.target(set.target())), maxQueued(effective));
                } else if (kind == ChangeKind.LIGHTWEIGHT) {
                    DeploymentSpec spec = set.spec().lightweight(node, effective);
                    if (change.reconfigure()) {
                        set.awaitUserConfig(spec);
                    } else {
                        set.keep(spec);
                    }
                    if (change.rescale()) {
                        set.rescale(share.target(name, deployment, spec.target(set.target())));
                    }
                } else {
                    set.keep(set.spec().lightweight(node, effective));
                }
            }
            planned = r;
            sets.keySet().forEach(d -> attachRemotes(this, d)); // new code: remote results read as its types
            List<String> newOrder = new ArrayList<>(r.graph().names());
            for (String deployment : sets.keySet()) {
                if (!newOrder.contains(deployment)) {
                    newOrder.add(deployment);
                }
            }
            order = List.copyOf(newOrder);
        }

        // ------------------------------------------------------------ the pass

        /** One step for each deployment; true when this application's routes changed. */
        boolean pass(long now) {
            GoalResolver.Resolved r = planned;
            holdOldCode(r);
            for (ReplicaSet s : List.copyOf(sets.values())) {
                s.reconcile(now);
            }
            boolean moved = false;
            if (r != null && (r.goal() == goal || r.goal() == interim)) {
                boolean all = r.graph().names().stream().allMatch(n -> sets.containsKey(n) && sets.get(n).atTarget());
                if (all && r != convergedOn) {
                    convergedOn = r;
                    converged(r);
                    moved = true;
                }
            }
            if (r != null && r.goal() == goal) {
                configurations.carry(r.graph().names(), sets);
            }
            return moved;
        }

        /**
         * During a code update, replicas of the old code stay until every deployment runs the new code at
         * its target, and then go callers first (the graph lists dependencies first): a deployment's old
         * replicas go once no caller has old-code replicas left, running or finishing, that may call them.
         */
        private void holdOldCode(GoalResolver.Resolved r) {
            sets.values().forEach(s -> s.holdOldCode(false));
            if (r == null) {
                return;
            }
            List<String> names = r.graph().names();
            boolean switched = names.stream().allMatch(n -> sets.containsKey(n) && sets.get(n).newVersionReady());
            boolean callersDone = true;
            for (int i = names.size() - 1; i >= 0; i--) {
                ReplicaSet s = sets.get(names.get(i));
                if (s != null) {
                    s.holdOldCode(!switched || !callersDone);
                    callersDone &= !s.hasOldCode();
                }
            }
        }

        /** Every deployment of {@code r} runs as wanted: leftovers go, routes switch. */
        private void converged(GoalResolver.Resolved r) {
            for (String deployment : List.copyOf(sets.keySet())) {
                if (!r.graph().names().contains(deployment)) {
                    ReplicaSet s = sets.remove(deployment);
                    routers.remove(deployment);
                    s.removeAll(false);
                    configurations.forget(deployment);
                }
            }
            order = List.copyOf(r.graph().names());
            List<RouteTableImpl.Entry> entries = new ArrayList<>();
            for (String deployment : order) {
                String prefix = sets.get(deployment).spec().routePrefix();
                if (prefix != null) {
                    Optional<Boolean> accessLog = r.goal().doc().application(name)
                            .flatMap(a -> AccessLogSwitch.written(r.goal().doc(), a, deployment));
                    entries.add(new RouteTableImpl.Entry(prefix, deployment, routers.get(deployment), name, accessLog));
                }
            }
            routeEntries = List.copyOf(entries);
            if (r.goal() == interim) {
                interim = null;
                if (goal != null) {
                    resolve(goal);
                }
            } else {
                goalConverged = true;
            }
        }

        StatusView.App view() {
            ConfigGoal g = goal;
            if (g == null) {
                return new StatusView.App(name, null, "NOT_STARTED", "", null, List.of());
            }
            List<ReplicaSet> shown = new ArrayList<>();
            for (String deployment : order) {
                ReplicaSet s = sets.get(deployment);
                if (s != null) {
                    shown.add(s);
                }
            }
            String status;
            String message = "";
            String ingressFailure = ingress.failure();
            ReplicaSet failing = shown.stream().filter(ReplicaSet::failedDeploy).findFirst().orElse(null);
            if (goalFailure != null) {
                status = "DEPLOY_FAILED";
                message = goalFailure;
            } else if (ingressFailure != null) {
                status = "DEPLOY_FAILED";
                message = ingressFailure;
            } else if (failing != null && planned != null && planned.goal() == g) {
                status = "DEPLOY_FAILED";
                message = failing.message();
            } else if (goalConverged) {
                status = "RUNNING";
            } else {
                status = "DEPLOYING";
            }
            String prefix = null;
            if (planned != null) {
                ReplicaSet ingressSet = sets.get(planned.graph().ingress().deployment().name());
                prefix = ingressSet == null || ingressSet.spec() == null ? null : ingressSet.spec().routePrefix();
            }
            return new StatusView.App(name, g, status, message, prefix, shown);
        }
    }

    private long specVersions;

    private DeploymentSpec newSpec(GoalResolver.Resolved r, BoundDeployment node, DeploymentConfig effective) {
        return new DeploymentSpec(node.deployment().name(), ++specVersions, node, effective, r.code(),
                r.goal().doc().config().runtimeEnv().envVars());
    }

    // ---------------------------------------------------------------- helpers

    private int maxQueued(DeploymentConfig c) {
        return c.maxQueuedRequests().orElse(settings.maxQueuedRequests());
    }

    private String randomId() {
        char[] c = new char[6];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(c);
    }

    /** For benchmarks: runs one pass on the reconcile thread and returns how long it took, in nanoseconds. */
    long timePass() {
        return onLoop(() -> {
            long start = System.nanoTime();
            pass();
            return System.nanoTime() - start;
        });
    }

    /** For tests: runs {@code check} on the reconcile thread. */
    <T> T inspect(java.util.concurrent.Callable<T> check) {
        return onLoop(check);
    }

    /** For tests: a deployment's replica set (its state may only be changed on the loop). */
    ReplicaSet replicaSet(String name) {
        return replicaSet(APP, name);
    }

    /** For tests: a deployment's replica set in application {@code app}. */
    ReplicaSet replicaSet(String app, String name) {
        return onLoop(() -> apps.containsKey(app) ? apps.get(app).sets.get(name) : null);
    }
}
