package io.osgiserve.runtime.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osgiserve.api.ApplicationGraph;
import io.osgiserve.api.BoundDeployment;
import io.osgiserve.config.AppConfig;
import io.osgiserve.config.AppSnapshot;
import io.osgiserve.config.AutoscalingConfig;
import io.osgiserve.config.ChangeKind;
import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.ConfigException;
import io.osgiserve.config.Defaults;
import io.osgiserve.config.DeploymentChange;
import io.osgiserve.config.DeploymentConfig;
import io.osgiserve.config.ImportPath;
import io.osgiserve.config.UpdatePlan;
import io.osgiserve.config.UpdatePlanner;
import io.osgiserve.node.DeployRefusedException;
import io.osgiserve.node.Ingress;
import io.osgiserve.node.RouteTable;
import io.osgiserve.node.ServeNode;
import io.osgiserve.runtime.replica.Replica;
import io.osgiserve.runtime.routing.DeploymentRouter;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's controller: one reconcile loop on one thread drives what runs towards the goal (the last
 * accepted config). Each pass installs the code, loads the application, asks the {@link UpdatePlanner}
 * what changed, and applies it deployment by deployment (dependencies first): start new replicas,
 * reconfigure, rescale, or roll replacements, then swap the route table and retire unused code. A pass
 * that fails leaves what served before serving and reports the user's own error in the status.
 */
public final class Controller implements ServeNode, ReplicaHost {
    public static final String APP = "default";

    private static final Logger LOG = Logger.getLogger(Controller.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int START_ATTEMPTS = 3;
    private static final int HEALTH_FAILURES_TO_REPLACE = 3;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** Node-wide settings. */
    public record Settings(String nodeId, String defaultHost, int defaultPort, int maxQueuedRequests,
            Duration replicaStartTimeout) {
    }

    private record Goal(ConfigDocument doc, double timestamp) {
    }

    private record Applied(AppSnapshot snapshot, InstalledCode code, ApplicationGraph graph) {
    }

    private record Starting(Replica replica, BoundDeployment node, Map<String, Object> userConfig, long version) {
    }

    private final Settings settings;
    private final CodeInstaller installer;
    private final ReplicaTransport transport;
    private final GoalStore store;
    private final Executor requests;
    private final Executor lifecycle;
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> daemon(r, "serve-controller"));
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "serve-controller-timers"));
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    /** Replicas out of routing but not yet closed: their code must stay installed until they are. */
    private final java.util.concurrent.atomic.AtomicInteger retiringCount = new java.util.concurrent.atomic.AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    private final Map<String, DeploymentState> deployments = new ConcurrentHashMap<>();
    private final Map<String, DeploymentRouter> routers = new ConcurrentHashMap<>();
    private final Map<String, Replica> replicasById = new ConcurrentHashMap<>();
    private final Map<String, Starting> starting = new ConcurrentHashMap<>();
    private final Set<InstalledCode> installedCodes = ConcurrentHashMap.newKeySet();

    private volatile Goal goal;
    private volatile Applied applied;
    private volatile List<String> order = List.of();
    private volatile RouteTable routes = RouteTableImpl.EMPTY;
    private volatile String appStatus = "NOT_STARTED";
    private volatile String appMessage = "";
    private volatile Ingress ingress;
    private volatile String ingressAddress;
    /** Why the ingress could not open (a busy port at node start); the app cannot be RUNNING meanwhile. */
    private volatile String ingressFailure;
    /** Deployments a failed pass may have left part-updated: the next pass starts them afresh. */
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    /** Deployments the current pass has changed (loop thread only). */
    private final Set<String> touched = new java.util.HashSet<>();

    public Controller(Settings settings, CodeInstaller installer, ReplicaTransport transport, GoalStore store,
            Executor requests, Executor lifecycle) {
        this.settings = settings;
        this.installer = installer;
        this.transport = transport;
        this.store = store;
        this.requests = requests;
        this.lifecycle = lifecycle;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Clears replica configurations of an earlier run and re-applies the stored goal, if any. */
    public synchronized void start() {
        transport.deleteAll();
        timers.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
        Optional<GoalStore.Stored> stored = store.load();
        if (stored.isPresent()) {
            goal = new Goal(stored.get().config(), stored.get().deploymentTimestamp());
            appStatus = "DEPLOYING";
            openIngress(goal.doc().config());
            Optional<ConfigDocument> lastGood = store.loadApplied();
            if (lastGood.isPresent() && !lastGood.get().equals(goal.doc())) {
                // the goal failed before the restart: bring back what served then, then try the goal again
                Goal previous = new Goal(lastGood.get(), goal.timestamp());
                loop.execute(() -> reconcileTo(previous));
            }
            scheduleReconcile();
        }
    }

    /**
     * Stops the loop and every replica; the goal stays stored for the next start. The future completes
     * when every replica's close hook has returned.
     */
    public CompletableFuture<Void> stop() {
        loop.shutdownNow();
        timers.shutdownNow();
        Ingress in = ingress;
        if (in != null && ingressAddress != null) {
            in.close();
        }
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (DeploymentState ds : deployments.values()) {
            ds.router.close();
            List<Replica> all = new ArrayList<>(ds.replicas);
            all.addAll(ds.retiring);
            for (Replica r : all) {
                r.stopRouting();
                closed.add(r.close());
            }
        }
        return CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new));
    }

    /** The ingress service appeared (or went away, with null). */
    public synchronized void ingress(Ingress in) {
        if (in == null && ingress != null && ingressAddress != null) {
            ingressAddress = null;
        }
        ingress = in;
        if (in != null && goal != null) {
            openIngress(goal.doc().config());
        }
    }

    // ---------------------------------------------------------------- ServeNode

    @Override
    public synchronized void deploy(ConfigDocument doc) throws DeployRefusedException {
        AppConfig config = doc.config();
        String address = hostOf(config) + ":" + portOf(config);
        if (ingressAddress != null && !ingressAddress.equals(address)) {
            throw new DeployRefusedException("the ingress already listens on " + ingressAddress + " and this config asks for "
                    + address + "; shut the application down first (serve shutdown), then deploy again");
        }
        if (ingress != null && ingressAddress == null) {
            try {
                ingress.open(hostOf(config), portOf(config), () -> routes);
                ingressAddress = address;
                ingressFailure = null;
            } catch (IOException e) {
                throw new DeployRefusedException("cannot serve HTTP on " + address + ": " + e.getMessage()
                        + "; free that port or set another `port` in the config");
            }
        }
        double now = System.currentTimeMillis() / 1000.0;
        goal = new Goal(doc, now);
        store.save(doc, now);
        appStatus = "DEPLOYING";
        appMessage = "";
        scheduleReconcile();
    }

    @Override
    public Optional<ConfigDocument> goal() {
        Goal g = goal;
        return g == null ? Optional.empty() : Optional.of(g.doc());
    }

    @Override
    public synchronized void shutdown() {
        if (goal == null && deployments.isEmpty()) {
            return;
        }
        goal = null;
        store.clear();
        routes = RouteTableImpl.EMPTY;
        Ingress in = ingress;
        if (in != null && ingressAddress != null) {
            in.close();
        }
        ingressAddress = null;
        ingressFailure = null;
        appStatus = "NOT_STARTED";
        appMessage = "";
        loop.execute(this::teardown);
    }

    @Override
    public RouteTable routes() {
        return routes;
    }

    @Override
    public Map<String, Object> status() {
        Goal g = goal;
        Map<String, Object> app = new LinkedHashMap<>();
        List<Object> statuses = new ArrayList<>();
        if (g == null) {
            app.put("status", "NOT_STARTED");
            app.put("message", "");
            app.put("deployment_timestamp", 0);
        } else {
            app.put("status", appStatus);
            app.put("message", appMessage);
            app.put("deployment_timestamp", g.timestamp());
            for (String name : order) {
                DeploymentState ds = deployments.get(name);
                if (ds != null) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("name", name);
                    d.put("status", ds.status());
                    d.put("message", ds.message());
                    statuses.add(d);
                }
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("app_status", app);
        doc.put("deployment_statuses", statuses);
        return doc;
    }

    @Override
    public Map<String, Object> applications() {
        Map<String, Object> apps = new LinkedHashMap<>();
        Goal g = goal;
        if (g != null) {
            Map<String, Object> app = new LinkedHashMap<>();
            app.put("name", APP);
            DeploymentState ingressState = ingressState();
            app.put("route_prefix", ingressState == null ? null : ingressState.routePrefix);
            app.put("status", appStatus);
            app.put("message", appMessage);
            app.put("last_deployed_time_s", g.timestamp());
            app.put("deployed_app_config", g.doc().written());
            Map<String, Object> ds = new LinkedHashMap<>();
            for (String name : order) {
                DeploymentState s = deployments.get(name);
                if (s != null) {
                    ds.put(name, details(s));
                }
            }
            app.put("deployments", ds);
            apps.put(APP, app);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("node_id", settings.nodeId());
        doc.put("applications", apps);
        return doc;
    }

    private DeploymentState ingressState() {
        Applied a = applied;
        return a == null ? null : deployments.get(a.graph().ingress().deployment().name());
    }

    private Map<String, Object> details(DeploymentState s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", s.name);
        d.put("status", s.status());
        d.put("message", s.message());
        d.put("target_num_replicas", s.target);
        d.put("route_prefix", s.routePrefix);
        d.put("deployment_config", s.effective == null ? Map.of() : s.effective.written());
        List<Object> rs = new ArrayList<>();
        List<Replica> all = new ArrayList<>(s.replicas);
        all.addAll(s.retiring);
        for (Replica r : all) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("replica_id", r.id());
            m.put("state", r.state().name());
            m.put("node_id", settings.nodeId());
            m.put("start_time_s", r.startTimeMillis() / 1000.0);
            m.put("version", r.appliedVersion());
            rs.add(m);
        }
        d.put("replicas", rs);
        return d;
    }

    // ---------------------------------------------------------------- ReplicaHost

    @Override
    public void attach(ReplicaConfig config) {
        Starting s = starting.remove(config.replicaId());
        if (s == null) {
            return; // a configuration this run of the controller did not make: it is deleted at start
        }
        Constructors.Context context = new Constructors.Context(APP, config.deployment(), config.replicaId(),
                goalEnvVars());
        s.replica().start(Constructors.of(s.node(), context, routers), s.userConfig(), s.version());
    }

    @Override
    public void detach(String replicaId) {
        Replica r = replicasById.remove(replicaId);
        if (r != null && r.state() != Replica.State.STOPPING) {
            r.stopRouting();
            r.close();
        }
    }

    private Map<String, String> goalEnvVars() {
        Goal g = goal;
        return g == null ? Map.of() : g.doc().config().runtimeEnv().envVars();
    }

    // ---------------------------------------------------------------- the loop

    private void scheduleReconcile() {
        if (reconcileQueued.compareAndSet(false, true)) {
            loop.execute(this::reconcile);
        }
    }

    private void reconcile() {
        reconcileQueued.set(false);
        Goal g = goal;
        if (g != null) {
            reconcileTo(g);
        }
    }

    /** One pass towards {@code g}; the status speaks of it only while it is the goal. */
    private void reconcileTo(Goal g) {
        InstalledCode code = null;
        touched.clear();
        try {
            AppConfig config = g.doc().config();
            code = installer.install(config.runtimeEnv());
            installedCodes.add(code);
            ApplicationGraph graph = code.load(importPath(config.importPath()));
            Map<String, DeploymentConfig> effective = effectiveConfigs(graph, config);
            AppSnapshot wanted = new AppSnapshot(config, code.identity(), new LinkedHashSet<>(graph.names()));
            Applied before = applied;
            UpdatePlan plan = UpdatePlanner.plan(before == null ? null : before.snapshot(), wanted);
            List<String> newOrder = new ArrayList<>(graph.names());
            for (String name : order) {
                if (!newOrder.contains(name) && deployments.containsKey(name)) {
                    newOrder.add(name);
                }
            }
            order = List.copyOf(newOrder);
            for (BoundDeployment node : graph.deployments()) {
                String name = node.deployment().name();
                DeploymentChange change = plan.change(name)
                        .orElse(new DeploymentChange(name, ChangeKind.ADD, false, false));
                apply(change, node, effective.get(name), code, graph);
            }
            for (DeploymentChange change : plan.changes()) {
                if (change.kind() == ChangeKind.REMOVE) {
                    remove(change.name());
                }
            }
            // left over from a failed pass that the plan (made against the last good deploy) does not know
            for (String name : List.copyOf(deployments.keySet())) {
                if (!graph.names().contains(name)) {
                    remove(name);
                }
            }
            dirty.clear();
            order = List.copyOf(graph.names());
            applied = new Applied(wanted, code, graph);
            synchronized (this) {
                if (goal != null) {
                    publishRoutes(); // not after a shutdown that came in meanwhile
                }
            }
            retireUnusedCode();
            store.saveApplied(g.doc());
            synchronized (this) {
                if (goal == g) {
                    boolean ingressDown = ingressFailure != null;
                    appStatus = ingressDown ? "DEPLOY_FAILED" : "RUNNING";
                    appMessage = ingressDown ? ingressFailure : "";
                }
            }
        } catch (DeployFailure f) {
            dirty.addAll(touched);
            fail(g, f.getMessage());
        } catch (RuntimeException | LinkageError e) {
            dirty.addAll(touched);
            LOG.log(Level.WARNING, "deploy failed", e);
            fail(g, "deploy failed: " + DeployFailure.describe(e));
        } finally {
            retireUnusedCode();
        }
    }

    private synchronized void fail(Goal g, String message) {
        if (goal == g) {
            appStatus = "DEPLOY_FAILED";
            appMessage = message;
        }
    }

    private static ImportPath importPath(String text) throws DeployFailure {
        try {
            return ImportPath.parse(text);
        } catch (ConfigException e) {
            throw new DeployFailure(e.getMessage());
        }
    }

    /** Per deployment: the options its code sets, overridden by what the config writes. */
    private Map<String, DeploymentConfig> effectiveConfigs(ApplicationGraph graph, AppConfig config)
            throws DeployFailure {
        List<String> names = graph.names();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < config.deployments().size(); i++) {
            String name = config.deployments().get(i).name();
            if (!names.contains(name)) {
                problems.add("deployments[" + i + "].name: " + config.importPath() + " has no deployment named '"
                        + name + "' (it has " + String.join(", ", names) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new DeployFailure(String.join("\n", problems));
        }
        Map<String, DeploymentConfig> result = new HashMap<>();
        for (BoundDeployment node : graph.deployments()) {
            String name = node.deployment().name();
            Map<String, Object> defaults = new LinkedHashMap<>(node.deployment().options());
            defaults.put("route_prefix", graph.defaultRoutePrefix(node));
            try {
                DeploymentConfig base = DeploymentConfig.of(name, defaults);
                result.put(name, config.deployment(name).map(base::withOverrides).orElse(base));
            } catch (ConfigException e) {
                throw new DeployFailure("the code of deployment " + name + " sets invalid options: " + e.getMessage());
            }
        }
        return result;
    }

    private void apply(DeploymentChange change, BoundDeployment node, DeploymentConfig effective, InstalledCode code,
            ApplicationGraph graph) throws DeployFailure {
        DeploymentState ds = deployments.get(change.name());
        ChangeKind kind = change.kind();
        if (ds == null) {
            kind = ChangeKind.ADD;
        } else if (kind == ChangeKind.ADD || dirty.contains(ds.name)
                || (ds.failure != null && ds.runningCount() < ds.target)) {
            // left over from a failed deploy, maybe part-updated: start it afresh so nothing runs a mix
            kind = ChangeKind.REPLACE;
        }
        if (kind != ChangeKind.UNCHANGED) {
            touched.add(change.name());
        }
        switch (kind) {
            case UNCHANGED -> {
                ds.node = node;
                ds.effective = effective;
                ds.failure = null;
            }
            case ADD -> add(node, effective, code);
            case LIGHTWEIGHT -> lightweight(ds, change, node, effective);
            case REPLACE, REINSTALL -> replace(ds, node, effective, code);
            case REMOVE -> remove(change.name());
            default -> throw new IllegalStateException("unknown change " + change);
        }
    }

    private void add(BoundDeployment node, DeploymentConfig effective, InstalledCode code) throws DeployFailure {
        String name = node.deployment().name();
        DeploymentRouter router = new DeploymentRouter(name, maxConcurrent(effective), maxQueued(effective));
        DeploymentState ds = new DeploymentState(name, router);
        define(ds, node, effective, code);
        deployments.put(name, ds);
        routers.put(name, router);
        try {
            ds.replicas.addAll(startReplicas(ds, ds.target));
            ds.publish();
            ds.updating = false;
        } catch (DeployFailure f) {
            ds.failure = f.getMessage();
            throw f;
        }
    }

    private void define(DeploymentState ds, BoundDeployment node, DeploymentConfig effective, InstalledCode code) {
        ds.node = node;
        ds.effective = effective;
        ds.code = code;
        ds.routePrefix = effective.routePrefix().orElse(null);
        ds.userConfig = effective.userConfig().orElse(null);
        ds.target = target(effective);
        ds.failure = null;
        ds.updating = true;
    }

    private void lightweight(DeploymentState ds, DeploymentChange change, BoundDeployment node,
            DeploymentConfig effective) throws DeployFailure {
        ds.node = node;
        ds.effective = effective;
        ds.failure = null;
        ds.updating = true;
        try {
            if (change.reconfigure()) {
                Map<String, Object> userConfig = effective.userConfig().orElse(Map.of());
                ds.userConfig = userConfig;
                long version = ++ds.configVersion;
                // in waves of max(20%, 1): a replica is out of routing while it reconfigures, the rest serve
                List<Replica> all = List.copyOf(ds.replicas);
                int wave = Math.max(1, all.size() / 5);
                for (int from = 0; from < all.size(); from += wave) {
                    List<Replica> part = all.subList(from, Math.min(all.size(), from + wave));
                    List<CompletableFuture<Long>> acks = new ArrayList<>();
                    for (Replica r : part) {
                        acks.add(r.reconfigure(copy(userConfig), version));
                    }
                    for (int i = 0; i < acks.size(); i++) {
                        try {
                            await(acks.get(i));
                        } catch (ExecutionException e) {
                            throw new DeployFailure("Deployment " + ds.name + ": reconfigure failed on replica "
                                    + part.get(i).id() + " (" + (from + i) + " of " + all.size()
                                    + " replicas have the new user_config): " + DeployFailure.describe(e.getCause()));
                        }
                    }
                }
            }
            if (change.rescale()) {
                ds.router.limits(maxConcurrent(effective), maxQueued(effective));
                rescale(ds, target(effective, ds.target));
            }
            ds.updating = false;
        } catch (DeployFailure f) {
            ds.failure = f.getMessage();
            throw f;
        }
    }

    /** Starts or retires replicas until {@code target} run; survivors are not touched. */
    private void rescale(DeploymentState ds, int target) throws DeployFailure {
        ds.target = target;
        int have = ds.replicas.size();
        if (target > have) {
            ds.replicas.addAll(startReplicas(ds, target - have));
            ds.publish();
        } else if (target < have) {
            List<Replica> extra = new ArrayList<>(ds.replicas.subList(target, have));
            ds.replicas.removeAll(extra);
            ds.publish();
            extra.forEach(r -> retire(ds, r, false));
        }
    }

    /** Rolling replacement: at most max(20% of the target, 1) replicas out at a time, new ones ready before old ones go. */
    private void replace(DeploymentState ds, BoundDeployment node, DeploymentConfig effective, InstalledCode code)
            throws DeployFailure {
        InstalledCode oldCode = ds.code;
        BoundDeployment oldNode = ds.node;
        DeploymentConfig oldEffective = ds.effective;
        int oldTarget = ds.target;
        define(ds, node, effective, code);
        ds.target = target(effective, oldTarget);
        ds.configVersion++;
        ds.router.limits(maxConcurrent(effective), maxQueued(effective));
        List<Replica> old = new ArrayList<>(ds.replicas);
        int batch = Math.max(1, (int) (ds.target * 0.2));
        int fresh = 0;
        try {
            while (fresh < ds.target) {
                int n = Math.min(batch, ds.target - fresh);
                List<Replica> started = startReplicas(ds, n);
                fresh += started.size();
                List<Replica> out = new ArrayList<>(old.subList(0, Math.min(n, old.size())));
                old.removeAll(out);
                ds.replicas.removeAll(out);
                ds.replicas.addAll(started);
                ds.publish();
                out.forEach(r -> retire(ds, r, false));
            }
            ds.replicas.removeAll(old);
            ds.publish();
            old.forEach(r -> retire(ds, r, false));
            ds.updating = false;
        } catch (DeployFailure f) {
            if (fresh == 0) {
                // nothing was switched: the deployment keeps running its previous definition
                ds.node = oldNode;
                ds.effective = oldEffective;
                ds.code = oldCode;
                ds.routePrefix = oldEffective.routePrefix().orElse(null);
                ds.userConfig = oldEffective.userConfig().orElse(null);
                ds.target = oldTarget;
                ds.router.limits(maxConcurrent(oldEffective), maxQueued(oldEffective));
            }
            ds.failure = f.getMessage();
            ds.updating = false;
            throw f;
        }
    }

    private void remove(String name) {
        DeploymentState ds = deployments.remove(name);
        if (ds == null) {
            return;
        }
        routers.remove(name);
        List<Replica> all = new ArrayList<>(ds.replicas);
        ds.replicas.clear();
        ds.publish();
        all.forEach(r -> retire(ds, r, false));
        ds.router.close();
    }

    /** Starts {@code n} replicas and waits until each is ready; failed starts are retried, up to 3 failures. */
    private List<Replica> startReplicas(DeploymentState ds, int n) throws DeployFailure {
        List<Replica> ready = new ArrayList<>();
        Throwable last = null;
        int failures = 0;
        while (ready.size() < n && failures < START_ATTEMPTS * n) {
            List<Replica> batch = new ArrayList<>();
            try {
                for (int i = ready.size(); i < n; i++) {
                    batch.add(create(ds));
                }
            } catch (RuntimeException e) {
                batch.forEach(this::discard);
                ready.forEach(this::discard);
                throw new DeployFailure("Deployment " + ds.name + ": cannot create a replica: " + DeployFailure.describe(e));
            }
            for (Replica r : batch) {
                try {
                    await(r.ready());
                    ready.add(r);
                } catch (ExecutionException e) {
                    last = e.getCause();
                    failures++;
                    discard(r);
                } catch (DeployFailure timeout) {
                    batch.forEach(this::discard);
                    ready.forEach(this::discard);
                    throw new DeployFailure("Deployment " + ds.name + " failed to start: " + timeout.getMessage());
                }
            }
        }
        if (ready.size() < n) {
            ready.forEach(this::discard);
            throw new DeployFailure("Deployment " + ds.name + " failed to start: its constructor or reconfigure threw "
                    + DeployFailure.describe(last));
        }
        return ready;
    }

    private Replica create(DeploymentState ds) {
        String id = ds.name + "#" + randomId();
        Replica r = new Replica(id, ds.name, requests, lifecycle);
        ReplicaConfig config = new ReplicaConfig(id, APP, ds.name, ds.code.identity());
        replicasById.put(id, r);
        starting.put(id, new Starting(r, ds.node, copy(ds.userConfig), ds.configVersion));
        transport.create(config);
        return r;
    }

    private void discard(Replica r) {
        starting.remove(r.id());
        r.stopRouting();
        r.close();
        replicasById.remove(r.id());
        transport.delete(r.id());
    }

    /**
     * Graceful stop: the replica is already out of routing; after graceful_shutdown_wait_loop_s, and
     * once its requests are done (or graceful_shutdown_timeout_s passed), it is closed and its
     * configuration deleted. Runs in the background so a rollout does not wait for it.
     */
    private void retire(DeploymentState ds, Replica r, boolean now) {
        ds.retiring.add(r);
        retiringCount.incrementAndGet();
        DeploymentConfig options = ds.effective;
        double waitLoop = now ? 0 : options.gracefulShutdownWaitLoopS().orElse(Defaults.GRACEFUL_SHUTDOWN_WAIT_LOOP_S);
        double timeout = options.gracefulShutdownTimeoutS().orElse(Defaults.GRACEFUL_SHUTDOWN_TIMEOUT_S);
        CompletableFuture<Void> drained = r.stopRouting();
        Runnable finish = () -> drained.orTimeout((long) (timeout * 1000), TimeUnit.MILLISECONDS)
                .whenComplete((v, t) -> r.close().completeOnTimeout(null, (long) (timeout * 1000), TimeUnit.MILLISECONDS)
                        .whenComplete((v2, t2) -> {
                    replicasById.remove(r.id());
                    transport.delete(r.id());
                    ds.retiring.remove(r);
                    if (retiringCount.decrementAndGet() == 0 && !loop.isShutdown()) {
                        loop.execute(this::retireUnusedCode);
                    }
                }));
        if (waitLoop <= 0) {
            finish.run();
        } else {
            timers.schedule(finish, (long) (waitLoop * 1000), TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        try {
            checkHealth();
            autoscale();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "health check or autoscaling step failed", e);
        }
    }

    /** Feeds each autoscaled deployment's load to its {@link Autoscaler}; a new count is applied on the loop. */
    private void autoscale() {
        long now = System.nanoTime();
        for (DeploymentState ds : deployments.values()) {
            DeploymentConfig options = ds.effective;
            if (options == null || options.autoscalingConfig().isEmpty() || ds.updating) {
                continue;
            }
            AutoscalingConfig c = options.autoscalingConfig().get();
            if (!ds.autoscaler.due(c, now)) {
                continue;
            }
            int current = ds.target;
            double ongoing = ds.replicas.stream().mapToInt(Replica::inFlight).sum() + ds.router.queued();
            int next = ds.autoscaler.step(c, current, ongoing, now);
            if (next != current) {
                loop.execute(() -> {
                    if (deployments.get(ds.name) == ds && !ds.updating && ds.effective == options) {
                        int before = ds.target;
                        try {
                            rescale(ds, next);
                        } catch (DeployFailure f) {
                            ds.failure = f.getMessage();
                        } catch (RuntimeException | LinkageError e) {
                            ds.target = before;
                            ds.failure = "autoscaling failed: " + DeployFailure.describe(e);
                        }
                    }
                });
            }
        }
    }

    /**
     * Runs each RUNNING replica's checkHealth every health_check_period_s; no answer within
     * health_check_timeout_s counts as a failure; after 3 failures in a row the replica is replaced
     * and its deployment shows UNHEALTHY, with the reason, until the replacement passed a check.
     */
    private void checkHealth() {
        for (DeploymentState ds : deployments.values()) {
            DeploymentConfig options = ds.effective;
            if (options == null) {
                continue;
            }
            double period = options.healthCheckPeriodS().orElse(Defaults.HEALTH_CHECK_PERIOD_S);
            double timeout = options.healthCheckTimeoutS().orElse(Defaults.HEALTH_CHECK_TIMEOUT_S);
            for (Replica r : ds.replicas) {
                if (r.state() != Replica.State.RUNNING || !r.healthCheckDue(period)) {
                    continue;
                }
                CompletableFuture<Void> check = r.checkHealth(Duration.ofMillis((long) (timeout * 1000)));
                if (check == null) {
                    continue; // the last check is still out, within its timeout
                }
                check.whenComplete((v, t) -> {
                    if (t == null && ds.onProbation.remove(r) && ds.onProbation.isEmpty()) {
                        loop.execute(() -> cleared(ds));
                    }
                    if (r.recordHealth(t == null) >= HEALTH_FAILURES_TO_REPLACE) {
                        Throwable cause = t instanceof TimeoutException
                                ? new TimeoutException("checkHealth did not answer within " + timeout + " s") : t;
                        loop.execute(() -> recover(ds, r, cause));
                    }
                });
            }
        }
    }

    private void recover(DeploymentState ds, Replica sick, Throwable cause) {
        if (deployments.get(ds.name) != ds || !ds.replicas.remove(sick)) {
            return;
        }
        String failure = "replica " + sick.id() + " failed " + HEALTH_FAILURES_TO_REPLACE
                + " health checks in a row and is being replaced: " + DeployFailure.describe(cause);
        ds.failure = failure;
        ds.healthFailure = failure;
        ds.onProbation.clear();
        ds.publish();
        retire(ds, sick, true);
        try {
            List<Replica> replacement = startReplicas(ds, 1);
            // UNHEALTHY until the replacement has passed a health check: a replica that fails again
            // and again keeps its deployment UNHEALTHY instead of flickering back to HEALTHY
            ds.onProbation.addAll(replacement);
            ds.replicas.addAll(replacement);
            ds.publish();
        } catch (DeployFailure f) {
            ds.failure = f.getMessage();
        } catch (RuntimeException | LinkageError e) {
            ds.failure = "replacing an unhealthy replica failed: " + DeployFailure.describe(e);
        }
    }

    /** The replacements of an unhealthy replica passed their health checks. */
    private void cleared(DeploymentState ds) {
        if (ds.onProbation.isEmpty() && ds.failure != null && ds.failure == ds.healthFailure) {
            ds.failure = null;
        }
    }

    private void teardown() {
        if (goal != null) {
            return; // deployed again since the shutdown: the queued reconcile takes it from what runs
        }
        List<String> names = new ArrayList<>(deployments.keySet());
        for (String name : names) {
            DeploymentState ds = deployments.remove(name);
            routers.remove(name);
            ds.router.close();
            List<Replica> all = new ArrayList<>(ds.replicas);
            ds.replicas.clear();
            ds.publish();
            all.forEach(r -> retire(ds, r, true));
        }
        order = List.of();
        applied = null;
        routes = RouteTableImpl.EMPTY;
        retireUnusedCode();
    }

    private void publishRoutes() {
        Map<String, String> prefixes = new LinkedHashMap<>();
        for (String name : order) {
            DeploymentState ds = deployments.get(name);
            if (ds != null && ds.routePrefix != null) {
                prefixes.put(name, ds.routePrefix);
            }
        }
        routes = RouteTableImpl.of(prefixes, routers);
    }

    private void retireUnusedCode() {
        if (retiringCount.get() > 0) {
            return; // retiring replicas may still load classes of their code
        }
        Applied a = applied;
        for (InstalledCode code : List.copyOf(installedCodes)) {
            boolean used = (a != null && a.code() == code)
                    || deployments.values().stream().anyMatch(ds -> ds.code == code);
            if (!used) {
                installedCodes.remove(code);
                installer.uninstall(code);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private void await(CompletableFuture<?> f) throws ExecutionException, DeployFailure {
        try {
            f.get(settings.replicaStartTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DeployFailure("a replica did not become ready within " + settings.replicaStartTimeout().toSeconds()
                    + " s (constructor or reconfigure still running)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployFailure("the node is stopping");
        }
    }

    private String hostOf(AppConfig c) {
        return c.hostWritten() ? c.host() : settings.defaultHost();
    }

    private int portOf(AppConfig c) {
        return c.portWritten() ? c.port() : settings.defaultPort();
    }

    private void openIngress(AppConfig config) {
        Ingress in = ingress;
        if (in == null || ingressAddress != null) {
            return;
        }
        try {
            in.open(hostOf(config), portOf(config), () -> routes);
            ingressAddress = hostOf(config) + ":" + portOf(config);
            ingressFailure = null;
        } catch (IOException e) {
            ingressFailure = "cannot serve HTTP on " + hostOf(config) + ":" + portOf(config) + ": " + e.getMessage()
                    + "; free the port and restart the node, or shut the application down and deploy it with another port";
            appStatus = "DEPLOY_FAILED";
            appMessage = ingressFailure;
        }
    }

    /** A new deployment's replica count: num_replicas, or min_replicas when it autoscales. */
    private static int target(DeploymentConfig c) {
        return c.autoscalingConfig().map(AutoscalingConfig::minReplicas)
                .orElse(c.numReplicas().orElse(Defaults.NUM_REPLICAS));
    }

    /** A running deployment's replica count: an autoscaled one keeps its count, within the new bounds. */
    private static int target(DeploymentConfig c, int current) {
        return c.autoscalingConfig().map(a -> Math.max(a.minReplicas(), Math.min(a.maxReplicas(), current)))
                .orElse(c.numReplicas().orElse(Defaults.NUM_REPLICAS));
    }

    private static int maxConcurrent(DeploymentConfig c) {
        return c.maxConcurrentQueries().orElse(Defaults.MAX_CONCURRENT_QUERIES);
    }

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

    private static String toJson(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("user_config cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Each replica gets its own copy of user_config: what one replica does to its map no other sees. */
    private static Map<String, Object> copy(Map<String, Object> userConfig) {
        if (userConfig == null) {
            return null;
        }
        try {
            return JSON.readValue(toJson(userConfig), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("user_config cannot be read back from JSON", e);
        }
    }
}
