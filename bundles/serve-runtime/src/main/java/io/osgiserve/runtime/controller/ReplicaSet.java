package io.osgiserve.runtime.controller;

import io.osgiserve.runtime.replica.Replica;
import io.osgiserve.runtime.routing.DeploymentRouter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One deployment's replicas and its rollout. {@link #reconcile} compares what is wanted (a spec, a
 * user_config version, a replica count) with the replicas there are, and takes the next step:
 * start missing replicas (a failed start waits out a {@link Backoff}), retire extra ones and replicas
 * of an older spec once new ones run (at most max(rolling_update_percentage (20%) of the target, 1) new ones starting at a time
 * while old ones serve), reconfigure replicas in waves of the same size. Events (a replica attached,
 * started, reconfigured, lost, unhealthy, retired) only record what happened; the next pass acts.
 * Used on the reconcile thread only: every mutator checks it.
 */
final class ReplicaSet {
    static final int HEALTH_FAILURES_TO_REPLACE = 3;
    /** recent_dead_replicas keeps the last few replicas that died, for a while: bounded in count and age. */
    static final int DEAD_KEPT = 10;
    static final Duration DEAD_KEPT_FOR = Duration.ofMinutes(10);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** What a replica set needs from the node. */
    record Runtime(ReconcileLoop loop, String app, ReplicaSupply supply, Map<String, DeploymentRouter> routers,
            Map<String, Member> byId, Duration startTimeout) {
    }

    /** Creates replica objects and their carriers (a configuration and a component instance in the node). */
    interface ReplicaSupply {
        /** A new replica of {@code deployment} in application {@code app} (whose name its metrics carry). */
        Replica newReplica(String app, String deployment, String codeIdentity);

        /** Asks for the replica's carrier; it arrives later, as {@link ReplicaSet#attached}. */
        void create(ReplicaConfig config, Replica replica);

        /** Disposes the replica's carrier, whose deactivation closes it; completes when its close hook returned. */
        CompletableFuture<Void> dispose(Replica replica);
    }

    /** The Jakarta REST application of each version whose class is a resource. */
    private final RestFaces rest = new RestFaces();

    enum Phase { CREATING, STARTING, RUNNING }

    /** A replica that died, and why: the details document's recent_dead_replicas. */
    record Dead(String replicaId, double startTimeS, double diedAtS, String reason, long diedNanos) {
    }

    /** A replica as the controller tracks it, with the spec it runs. */
    static final class Member {
        final Replica replica;
        final DeploymentSpec spec;
        final long createdNanos;
        Phase phase = Phase.CREATING;
        boolean reconfiguring;
        /** A replacement of an unhealthy replica that has not passed a health check yet. */
        boolean probation;
        ReplicaSet set;

        Member(Replica replica, DeploymentSpec spec, long createdNanos) {
            this.replica = replica;
            this.spec = spec;
            this.createdNanos = createdNanos;
        }

        String id() {
            return replica.id();
        }
    }

    final String name;
    final DeploymentRouter router;
    final Autoscaler autoscaler = new Autoscaler();
    private final Runtime rt;
    private final Backoff backoff = new Backoff();
    /** Routed or starting replicas, in start order. */
    private final List<Member> members = new ArrayList<>();
    /** Out of routing, finishing what they hold, then closed. */
    private final List<Member> retiring = new ArrayList<>();

    private DeploymentSpec spec;
    private int target;
    private Map<String, Object> userConfig;
    private long userConfigVersion;
    private boolean awaitingUserConfig;

    private String failure;
    private int failedStarts;
    private boolean converged;
    /** +1 or -1 while a count set by {@link #scaleTo} is being reached; 0 otherwise. */
    private int scaling;
    private boolean atTarget;
    private boolean deployFailed;
    private boolean reconfigureFailed;
    private boolean healthAlarm;
    private List<Replica> published = List.of();
    /** While true, replicas of an older code stay (another deployment of the app has not switched yet). */
    private boolean holdOldCode;
    private boolean newVersionReady;
    private boolean hasOldCode;
    /** Replicas that died (failed start or health, lost), newest first; see {@link #DEAD_KEPT}. */
    private final java.util.ArrayDeque<Dead> dead = new java.util.ArrayDeque<>();
    /** Something the operator should know that is no failure (an edit that was refused and reverted). */
    private String note;
    /** Where this deployment's events go: the controller's history once {@link #events} is called. */
    private EventHistory events = new EventHistory();

    ReplicaSet(String name, Runtime rt) {
        this.name = name;
        this.rt = rt;
        this.router = new DeploymentRouter(name, 100, 100);
    }

    /** Records this deployment's events in {@code history} (the node's). */
    void events(EventHistory history) {
        this.events = history;
    }

    /** Records an event of this deployment (of {@code replicaId}, or of the whole deployment when null). */
    void event(EventHistory.Kind kind, String replicaId, String message) {
        rt.loop().assertOnLoop();
        events.record(rt.app(), name, replicaId, kind, message);
    }

    // ------------------------------------------------------------------ what is wanted

    /** A new version: every replica is replaced (rolling), new ones ready before old ones go. */
    void define(DeploymentSpec newSpec, int newTarget, int maxQueued) {
        rt.loop().assertOnLoop();
        spec = newSpec;
        target = newTarget;
        userConfig = newSpec.userConfig();
        userConfigVersion++;
        awaitingUserConfig = false;
        backoff.succeeded();
        failure = null;
        failedStarts = 0;
        deployFailed = false;
        reconfigureFailed = false;
        converged = false;
        scaling = 0;
        note = null;
        router.limits(newSpec.maxConcurrentQueries(), maxQueued);
    }

    /**
     * A new user_config for the same version: replicas stay. It reaches them once the deployment's
     * configuration carries it back ({@link #userConfigArrived}): ConfigAdmin is the path, for a deploy
     * and an operator's edit alike. Until then the deployment is UPDATING.
     */
    void awaitUserConfig(DeploymentSpec sameVersion) {
        rt.loop().assertOnLoop();
        spec = sameVersion;
        awaitingUserConfig = true;
        converged = false;
        note = null;
    }

    /** While true, a user_config is on its way through the deployment's configuration. */
    boolean awaitingUserConfig() {
        return awaitingUserConfig;
    }

    /**
     * The deployment's configuration, as the node last wrote it, arrived with {@code json} as its
     * user_config (null: none): replicas not at it yet are reconfigured in waves of max(20%, 1).
     */
    void userConfigArrived(String json) {
        rt.loop().assertOnLoop();
        awaitingUserConfig = false;
        Object parsed = json == null ? null : DeploymentProperties.parse("user_config", json);
        @SuppressWarnings("unchecked")
        Map<String, Object> arrived = parsed instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        if (java.util.Objects.equals(json(arrived), json(userConfig))) {
            return; // already what the replicas are given (the write of an unchanged user_config)
        }
        userConfig = arrived;
        userConfigVersion++;
        reconfigureFailed = false;
        backoff.succeeded();
        failure = null;
        converged = false;
        note = null;
    }

    private static String json(Map<String, Object> config) {
        return config == null ? null : UserConfigs.toJson(config);
    }

    /** Options of the same version that change neither replicas nor user_config. */
    void keep(DeploymentSpec sameVersion) {
        rt.loop().assertOnLoop();
        spec = sameVersion;
    }

    void rescale(int newTarget) {
        rt.loop().assertOnLoop();
        if (newTarget != target) {
            target = newTarget;
            converged = false;
        }
    }

    /**
     * A new count from the autoscaler or the scale API (not from a deploy): until it is reached the details
     * show UPSCALING or DOWNSCALING, as Ray does, rather than UPDATING.
     */
    void scaleTo(int newTarget) {
        rt.loop().assertOnLoop();
        if (newTarget != target) {
            scaling = Integer.signum(newTarget - target);
        }
        rescale(newTarget);
    }

    /** Keeps (or stops keeping) replicas of older code: see {@link #newVersionReady()}. */
    void holdOldCode(boolean hold) {
        rt.loop().assertOnLoop();
        holdOldCode = hold;
    }

    /** As of the last pass: replicas of the wanted version run at the target (older ones may still be there). */
    boolean newVersionReady() {
        return newVersionReady;
    }

    /** As of the last pass: replicas of another code than the wanted one are still here (routed or finishing). */
    boolean hasOldCode() {
        return hasOldCode;
    }

    /** Must the next goal start this deployment afresh? (A failed rollout may have left a mix.) */
    boolean needsFreshStart() {
        return reconfigureFailed || deployFailed;
    }

    // ------------------------------------------------------------------ the pass

    /** One level-triggered step towards what is wanted. */
    void reconcile(long now) {
        rt.loop().assertOnLoop();
        while (!dead.isEmpty() && now - dead.peekLast().diedNanos() > DEAD_KEPT_FOR.toNanos()) {
            dead.removeLast();
        }
        if (spec == null) {
            return;
        }
        List<Member> current = new ArrayList<>();
        List<Member> old = new ArrayList<>();
        boolean olderCode = false;
        long timeout = rt.startTimeout().toNanos();
        for (Member m : List.copyOf(members)) {
            if (m.phase != Phase.RUNNING && now - m.createdNanos > timeout) {
                startFailed(m, new TimeoutException("replica " + m.id() + " did not become ready within "
                        + rt.startTimeout().toSeconds() + " s (constructor or reconfigure still running)"), now);
            } else if (m.spec.version() == spec.version()) {
                current.add(m);
            } else if (m.phase != Phase.RUNNING) {
                retire(m, true); // an older version's start: pointless now
            } else {
                old.add(m);
                olderCode |= !m.spec.codeIdentity().equals(spec.codeIdentity());
            }
        }
        for (Member m : retiring) {
            olderCode |= !m.spec.codeIdentity().equals(spec.codeIdentity());
        }
        hasOldCode = olderCode;
        while (current.size() > target) {
            Member extra = newestNotRunningOrLast(current);
            current.remove(extra);
            retire(extra, false);
        }
        int running = (int) current.stream().filter(m -> m.phase == Phase.RUNNING).count();
        int missing = target - current.size();
        if (missing > 0 && backoff.ready(now)) {
            int starting = current.size() - running;
            int n = old.isEmpty() ? missing : Math.min(missing, Math.max(0, surge() - starting));
            for (int i = 0; i < n; i++) {
                create(now);
            }
        }
        // during a code update, old-code replicas stay until every deployment runs the new code at its
        // target: an old-code caller must find old-code replicas of its targets (user types never cross)
        List<Member> releasable = new ArrayList<>();
        for (Member m : old) {
            if (!holdOldCode || m.spec.codeIdentity().equals(spec.codeIdentity())) {
                releasable.add(m);
            }
        }
        int oldCount = old.size();
        while (!releasable.isEmpty() && running + oldCount > target) {
            retire(releasable.remove(0), false);
            oldCount--;
        }
        newVersionReady = running >= target;
        if (!reconfigureFailed || backoff.ready(now)) {
            int wave = Math.max(1, (int) (current.size() * rollingShare()));
            int inWave = (int) current.stream().filter(m -> m.reconfiguring).count();
            for (Member m : current) {
                if (inWave >= wave) {
                    break;
                }
                if (m.phase == Phase.RUNNING && !m.reconfiguring && m.replica.appliedVersion() < userConfigVersion) {
                    startReconfigure(m);
                    inWave++;
                }
            }
        }
        atTarget = old.isEmpty() && current.size() == target && !awaitingUserConfig
                && current.stream().allMatch(m -> m.phase == Phase.RUNNING && !m.reconfiguring
                        && m.replica.appliedVersion() == userConfigVersion);
        if (atTarget) {
            scaling = 0;
            converged = true;
            failedStarts = 0;
            deployFailed = false;
            if (reconfigureFailed) {
                reconfigureFailed = false; // a retried reconfigure went through on every replica
                backoff.succeeded();
            }
            if (healthAlarm && members.stream().noneMatch(m -> m.probation)) {
                healthAlarm = false;
            }
            if (!healthAlarm) {
                failure = null;
            }
        }
        publish();
    }

    private int surge() {
        return Math.max(1, (int) (target * rollingShare()));
    }

    /** rolling_update_percentage of the version rolling out (0.2 unless a multi-application config says). */
    private double rollingShare() {
        return spec == null ? 0.2 : spec.options().rollingUpdatePercentage();
    }

    private static Member newestNotRunningOrLast(List<Member> ms) {
        for (int i = ms.size() - 1; i >= 0; i--) {
            if (ms.get(i).phase != Phase.RUNNING) {
                return ms.get(i);
            }
        }
        return ms.get(ms.size() - 1);
    }

    private void create(long now) {
        Replica r = rt.supply().newReplica(rt.app(), name, spec.codeIdentity());
        Member m = new Member(r, spec, now);
        m.set = this;
        members.add(m);
        rt.byId().put(r.id(), m);
        rt.supply().create(new ReplicaConfig(r.id(), rt.app(), name, spec.codeIdentity()), r);
    }

    private void startReconfigure(Member m) {
        m.reconfiguring = true;
        long version = userConfigVersion;
        m.replica.reconfigure(UserConfigs.copy(userConfig), version)
                .whenComplete((v, t) -> rt.loop().post(() -> reconfigured(m, version, t)));
    }

    /** Routes to the replicas that run (any version: old ones serve until new ones replace them). */
    private void publish() {
        List<Replica> routable = new ArrayList<>();
        for (Member m : members) {
            if (m.phase == Phase.RUNNING) {
                routable.add(m.replica);
            }
        }
        if (!routable.equals(published)) {
            published = List.copyOf(routable);
            router.replicas(published);
        }
    }

    // ------------------------------------------------------------------ events

    /** The replica's carrier exists: construct the user object, off the loop. */
    void attached(Member m) {
        rt.loop().assertOnLoop();
        if (!members.contains(m) || m.phase != Phase.CREATING) {
            return;
        }
        m.phase = Phase.STARTING;
        boolean current = m.spec.version() == spec.version();
        Map<String, Object> config = current ? userConfig : m.spec.userConfig();
        long version = current ? userConfigVersion : -1;
        Constructors.Context context = new Constructors.Context(rt.app(), name, m.id(), m.spec.envVars());
        java.util.concurrent.Callable<Object> constructor = Constructors.of(m.spec.node(), context, rt.routers(),
                m.spec.codeIdentity());
        RestFaces.Face face = rest.acquire(m.spec, m.id());
        m.replica.httpFace(face);
        m.replica.start(face == null ? constructor : () -> {
            face.build();
            return constructor.call();
        }, UserConfigs.copy(config), version);
        m.replica.ready().whenComplete((v, t) -> rt.loop().post(() -> started(m, t)));
    }

    void started(Member m, Throwable failed) {
        rt.loop().assertOnLoop();
        if (!members.contains(m) || m.phase != Phase.STARTING) {
            return;
        }
        if (failed == null) {
            m.phase = Phase.RUNNING;
            m.probation = healthAlarm;
            event(EventHistory.Kind.REPLICA_STARTED, m.id(), "replica " + m.id() + " is RUNNING");
            backoff.succeeded();
            failedStarts = 0;
            if (!healthAlarm && !reconfigureFailed) {
                failure = null;
            }
        } else {
            startFailed(m, failed, System.nanoTime());
        }
    }

    private void startFailed(Member m, Throwable cause, long now) {
        died(m, "failed to start: " + DeployFailure.describe(cause), now);
        event(EventHistory.Kind.START_FAILED, m.id(), "replica " + m.id() + " failed to start: " + DeployFailure.describe(cause));
        retire(m, true);
        failedStarts++;
        Duration next = backoff.failed(now);
        if (!converged && failedStarts >= Math.min(20, 3 * Math.max(1, target))) {
            deployFailed = true;
        }
        failure = "Deployment " + name + " failed to start a replica (" + failedStarts
                + (failedStarts == 1 ? " failure" : " failures in a row") + "): " + DeployFailure.describe(cause)
                + "; next attempt in " + seconds(next) + " s (" + CLOCK.format(Instant.now().plus(next)) + " UTC)";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? String.valueOf(d.toSeconds()) : String.valueOf(d.toMillis() / 1000.0);
    }

    /**
     * A replica's reconfigure returned. A failure is retried with the same backoff as a start (the
     * pass reconfigures the replicas not at the version once it is ready); meanwhile the message names
     * the user's exception, the attempt and when the next one is.
     */
    void reconfigured(Member m, long version, Throwable failed) {
        rt.loop().assertOnLoop();
        m.reconfiguring = false;
        event(EventHistory.Kind.RECONFIGURE, m.id(), failed == null ? "user_config applied" : "reconfigure failed: " + DeployFailure.describe(failed));
        if (failed != null && members.contains(m) && version == userConfigVersion) {
            reconfigureFailed = true;
            Duration next = backoff.failed(System.nanoTime());
            long done = members.stream().filter(x -> x.replica.appliedVersion() == version).count();
            failure = "Deployment " + name + ": reconfigure failed on replica " + m.id() + " (" + done + " of "
                    + members.size() + " replicas have the new user_config; attempt " + backoff.failures() + "): "
                    + DeployFailure.describe(failed) + "; next attempt in " + seconds(next) + " s ("
                    + CLOCK.format(Instant.now().plus(next)) + " UTC)";
        }
    }

    /** The replica's carrier went away behind the controller's back (a disposed component, a deleted configuration). */
    void lost(Member m) {
        rt.loop().assertOnLoop();
        if (!members.contains(m)) {
            return;
        }
        died(m, "removed outside the controller", System.nanoTime());
        retire(m, true);
        failure = "replica " + m.id() + " of deployment " + name
                + " was removed outside the controller; a replacement is starting";
        event(EventHistory.Kind.REPLICA_REPLACED, m.id(), failure);
    }

    void healthChecked(Member m, Throwable failed, double timeoutS) {
        rt.loop().assertOnLoop();
        if (!members.contains(m)) {
            return;
        }
        if (failed == null) {
            m.replica.recordHealth(true);
            m.probation = false;
            return;
        }
        if (m.replica.recordHealth(false) >= HEALTH_FAILURES_TO_REPLACE) {
            Throwable cause = failed instanceof TimeoutException
                    ? new TimeoutException("checkHealth did not answer within " + timeoutS + " s") : failed;
            failure = "replica " + m.id() + " failed " + HEALTH_FAILURES_TO_REPLACE
                    + " health checks in a row and is being replaced: " + DeployFailure.describe(cause);
            healthAlarm = true;
            event(EventHistory.Kind.REPLICA_REPLACED, m.id(), failure);
            died(m, "failed " + HEALTH_FAILURES_TO_REPLACE + " health checks in a row: " + DeployFailure.describe(cause),
                    System.nanoTime());
            retire(m, true);
        }
    }

    void retired(Member m) {
        rt.loop().assertOnLoop();
        retiring.remove(m);
        rest.release(m.spec, m.id());
        rt.byId().remove(m.id());
    }

    /** Everything goes (the deployment was removed, or the application shut down). */
    void removeAll(boolean now) {
        rt.loop().assertOnLoop();
        for (Member m : List.copyOf(members)) {
            retire(m, now);
        }
        publish();
        router.close();
    }

    /**
     * Graceful stop with the timers of the version the replica runs: out of routing at once; after
     * graceful_shutdown_wait_loop_s (never longer than graceful_shutdown_timeout_s), and once its
     * requests are done or graceful_shutdown_timeout_s passed, its carrier is disposed, which closes it.
     */
    private void retire(Member m, boolean now) {
        members.remove(m);
        retiring.add(m);
        double timeout = m.spec.gracefulShutdownTimeoutS();
        double waitLoop = now ? 0 : Math.min(m.spec.gracefulShutdownWaitLoopS(), timeout);
        long timeoutMs = (long) (timeout * 1000);
        CompletableFuture<Void> drained = m.replica.stopRouting();
        Runnable finish = () -> drained.orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .whenComplete((v, t) -> rt.supply().dispose(m.replica).completeOnTimeout(null, timeoutMs, TimeUnit.MILLISECONDS)
                        .whenComplete((v2, t2) -> rt.loop().post(() -> retired(m))));
        if (waitLoop <= 0) {
            finish.run();
        } else {
            rt.loop().postLater(Duration.ofMillis((long) (waitLoop * 1000)), finish);
        }
        publish();
    }

    private void died(Member m, String reason, long now) {
        dead.addFirst(new Dead(m.id(), m.replica.startTimeMillis() / 1000.0, System.currentTimeMillis() / 1000.0,
                reason, now));
        while (dead.size() > DEAD_KEPT) {
            dead.removeLast();
        }
    }

    // ------------------------------------------------------------------ what the status shows

    /** The replicas that died lately, newest first. */
    List<Dead> recentDead() {
        return List.copyOf(dead);
    }

    DeploymentSpec spec() {
        return spec;
    }

    /** The controller stops: every REST application of this deployment is closed with it. */
    void closeRestFaces() {
        rest.closeAll();
    }

    int target() {
        return target;
    }

    List<Member> members() {
        return List.copyOf(members);
    }

    List<Member> retiring() {
        return List.copyOf(retiring);
    }

    boolean atTarget() {
        return atTarget;
    }

    boolean converged() {
        return converged;
    }

    /** The rollout gave up for now (it keeps retrying): the application is DEPLOY_FAILED. */
    boolean failedDeploy() {
        return deployFailed || reconfigureFailed;
    }

    String status() {
        if (deployFailed || reconfigureFailed || healthAlarm) {
            return "UNHEALTHY";
        }
        if (atTarget) {
            return "HEALTHY";
        }
        return converged ? "UNHEALTHY" : "UPDATING";
    }

    /**
     * The status as current Ray's details show it: {@link #status()}, except UPSCALING or DOWNSCALING while
     * a count from the autoscaler or the scale API is being reached (Ray 2.0's status keeps UPDATING).
     */
    String detailedStatus() {
        String status = status();
        return scaling == 0 || !status.equals("UPDATING") ? status : scaling > 0 ? "UPSCALING" : "DOWNSCALING";
    }

    String message() {
        if (failure != null && !status().equals("HEALTHY")) {
            return failure;
        }
        return note == null ? "" : note;
    }

    /** Shows {@code text} in the message until the next change of what is wanted. */
    void note(String text) {
        rt.loop().assertOnLoop();
        note = text;
    }

    int failedStarts() {
        return failedStarts;
    }
}
