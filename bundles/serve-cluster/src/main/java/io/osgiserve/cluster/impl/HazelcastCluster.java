package io.osgiserve.cluster.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import io.osgiserve.cluster.Cluster;
import io.osgiserve.cluster.ClusterNode;
import io.osgiserve.cluster.Role;
import io.osgiserve.cluster.Versioned;
import io.osgiserve.cluster.WriteRefusedException;
import io.osgiserve.cluster.placement.Resources;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One embedded Hazelcast member: TCP-IP join from the listed (and remembered) members, no multicast or
 * auto-detection, phone-home off, heartbeat 1 s and removal after 5 s of silence. The cluster's state is
 * one map of JSON strings with synchronous backups, split-brain protection on writes and a merge that
 * keeps the larger side's entries; each member mirrors it to disk. Plain Java: the OSGi component only
 * starts and closes it.
 */
public final class HazelcastCluster implements Cluster, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HazelcastCluster.class.getName());
    static final String STATE_MAP = "serve-state";
    static final String NODES_MAP = "serve-nodes";
    private static final String PROTECTION = "serve-quorum";
    private static final String NODE_ID = "serve.node.id";
    private static final String OFFERED = "serve.offered";
    static final int HEARTBEAT_SECONDS = 1;
    static final int MAX_SILENCE_SECONDS = 5;
    private static final int MAX_VALUE_CHARS = 8 << 20;

    private final ClusterSettings settings;
    private final MembershipMemory memory;
    private final StateMirror mirror;
    private final PauseDetector pause;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "serve-cluster");
        t.setDaemon(true);
        return t;
    });
    /**
     * The pause detector's own thread: it never waits on the cluster, so a map call blocked on a frozen
     * member (seconds, until Hazelcast gives it up) is not taken for a pause of this process.
     */
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "serve-cluster-pause");
        t.setDaemon(true);
        return t;
    });
    private final HazelcastInstance member;
    private final IMap<String, String> state;
    private final IMap<String, String> nodes;
    private volatile Role lastRole;

    private HazelcastCluster(ClusterSettings settings, ClassLoader classLoader) {
        this.settings = settings;
        this.memory = new MembershipMemory(settings.dataDir());
        this.mirror = new StateMirror(settings.dataDir());
        ClusterIdentity identity = ClusterIdentity.of(settings.token());
        HazelcastInstance started;
        try {
            started = Hazelcast.newHazelcastInstance(config(identity, classLoader));
        } catch (RuntimeException e) {
            timer.shutdownNow();
            ticker.shutdownNow();
            throw e;
        }
        this.member = started;
        // a pause shorter than the others' patience cannot have cost us our place; a longer one may have:
        // then decide nothing until the removal (of us or of them) and the merge have happened
        this.pause = new PauseDetector(System::nanoTime, TimeUnit.SECONDS.toNanos(MAX_SILENCE_SECONDS - 1),
                TimeUnit.SECONDS.toNanos(MAX_SILENCE_SECONDS + 3));
        try {
            this.state = member.getMap(STATE_MAP);
            this.nodes = member.getMap(NODES_MAP);
            nodes.addEntryListener((EntryAddedListener<String, String>) event -> notifyListeners(), false);
            nodes.addEntryListener((EntryUpdatedListener<String, String>) event -> notifyListeners(), false);
            member.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    membershipChanged();
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    membershipChanged();
                }
            });
            state.addEntryListener(new Mirroring(), true);
            memory.observe(addresses());
            lastRole = role();
            ticker.scheduleWithFixedDelay(this::tick, 200, 200, TimeUnit.MILLISECONDS);
            timer.scheduleWithFixedDelay(this::reconcileState, 0, 2, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            timer.shutdownNow();
            ticker.shutdownNow();
            member.getLifecycleService().terminate();
            throw e;
        }
    }

    /** Starts this node's member; it has joined (or formed) a cluster when this returns. */
    public static HazelcastCluster start(ClusterSettings settings, ClassLoader classLoader) {
        return new HazelcastCluster(settings, classLoader);
    }

    private Config config(ClusterIdentity identity, ClassLoader classLoader) {
        Config config = new Config();
        config.setInstanceName("serve-" + settings.nodeId());
        config.setClusterName(identity.clusterName());
        config.setClassLoader(classLoader);
        config.setProperty("hazelcast.application.validation.token", identity.joinSecret());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(HEARTBEAT_SECONDS));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_SILENCE_SECONDS));
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "2");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "2");
        List<String> joinAddresses = settings.joinAddresses(memory.lastMembers());
        // a head with no member to look for forms its cluster at once (the quick start pays no join wait)
        config.setProperty("hazelcast.wait.seconds.before.join", joinAddresses.isEmpty() ? "0" : "1");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        // lighter to start: no metrics collection nor health monitor thread (nothing here reads them)
        config.getMetricsConfig().setEnabled(false);
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        config.getMemberAttributeConfig().setAttribute(NODE_ID, settings.nodeId());
        config.getMemberAttributeConfig().setAttribute(OFFERED, offeredJson(settings.offered()));

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(false);
        // a node restarted on its port (after kill -9, say) binds it even while old connections sit in TIME_WAIT
        network.setReuseAddress(true);
        network.setPublicAddress(settings.host() + ":" + settings.port());
        network.getInterfaces().setEnabled(true).addInterface(settings.host());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2)
                .setMembers(joinAddresses);

        config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(PROTECTION, true)
                .setProtectOn(SplitBrainProtectionOn.WRITE)
                .setFunctionImplementation(members -> Quorum.present(members.size(), memory.largest())));
        config.addMapConfig(new MapConfig(STATE_MAP)
                .setBackupCount(2)
                .setAsyncBackupCount(0)
                .setSplitBrainProtectionName(PROTECTION)
                // on a merge the larger side's entries stay: the minority could not write anyway
                .setMergePolicyConfig(new MergePolicyConfig(PutIfAbsentMergePolicy.class.getName(), 100)));
        // each node's own entry: written by that node only, readable on any side of a split
        config.addMapConfig(new MapConfig(NODES_MAP).setBackupCount(2).setAsyncBackupCount(0));
        return config;
    }

    @Override
    public String nodeId() {
        return settings.nodeId();
    }

    @Override
    public Role role() {
        List<String> ids = new ArrayList<>();
        for (Member m : member.getCluster().getMembers()) {
            ids.add(m.getUuid().toString());
        }
        // Hazelcast's own verdict too: it refuses the map's writes until it has evaluated the quorum once
        boolean refusing = !member.getSplitBrainProtectionService().getSplitBrainProtection(PROTECTION).hasMinimumSize();
        return Quorum.role(ids, member.getCluster().getLocalMember().getUuid().toString(), memory.largest(),
                pause.paused() || refusing);
    }

    @Override
    public List<ClusterNode> members() {
        List<ClusterNode> nodes = new ArrayList<>();
        for (Member m : member.getCluster().getMembers()) {
            nodes.add(new ClusterNode(m.getAttribute(NODE_ID), m.getAddress().getHost() + ":" + m.getAddress().getPort(),
                    offered(m.getAttribute(OFFERED))));
        }
        return nodes;
    }

    @Override
    public Optional<Versioned> read(String key) {
        checkKey(key);
        try {
            String text = state.get(key);
            return text == null ? mirror.load(key) : Optional.of(Records.decode(text));
        } catch (RuntimeException e) {
            // the member cannot reach the owner: what this node kept last
            return mirror.load(key);
        }
    }

    @Override
    public Versioned write(String key, long expectedGeneration, String json) throws WriteRefusedException {
        checkKey(key);
        if (json == null || json.length() > MAX_VALUE_CHARS) {
            throw new WriteRefusedException("the value of '" + key + "' must be JSON of at most " + MAX_VALUE_CHARS + " characters");
        }
        Role role = role();
        if (role != Role.LEADER) {
            throw new WriteRefusedException(refusal(role));
        }
        return compareAndSet(key, expectedGeneration, json);
    }

    @Override
    public Versioned propose(String key, long expectedGeneration, String json) throws WriteRefusedException {
        checkKey(key);
        if (json == null || json.length() > MAX_VALUE_CHARS) {
            throw new WriteRefusedException("the value of '" + key + "' must be JSON of at most " + MAX_VALUE_CHARS + " characters");
        }
        Role role = role();
        if (role == Role.NO_QUORUM) {
            throw new WriteRefusedException(refusal(role));
        }
        return compareAndSet(key, expectedGeneration, json);
    }

    @Override
    public void publish(String json) {
        if (json.length() > MAX_VALUE_CHARS) {
            throw new IllegalArgumentException("a node's entry is at most " + MAX_VALUE_CHARS + " characters");
        }
        try {
            nodes.set(settings.nodeId(), json);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "this node's entry was not published this time", e);
        }
    }

    @Override
    public Map<String, String> published() {
        Map<String, String> entries = new java.util.LinkedHashMap<>();
        for (ClusterNode node : members()) {
            try {
                String entry = nodes.get(node.nodeId());
                if (entry != null) {
                    entries.put(node.nodeId(), entry);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "the entry of " + node.nodeId() + " is not readable now", e);
            }
        }
        return entries;
    }

    private Versioned compareAndSet(String key, long expectedGeneration, String json) throws WriteRefusedException {
        try {
            String current = state.get(key);
            long generation = current == null ? 0 : Records.decode(current).generation();
            if (generation != expectedGeneration) {
                throw new WriteRefusedException("stale write to '" + key + "': it was read at generation " + expectedGeneration
                        + ", the cluster is at generation " + generation);
            }
            Versioned next = new Versioned(generation + 1, json);
            String encoded = Records.encode(next);
            boolean written = current == null ? state.putIfAbsent(key, encoded) == null : state.replace(key, current, encoded);
            if (!written) {
                throw new WriteRefusedException("stale write to '" + key + "': another write of generation " + (generation + 1) + " came first");
            }
            mirror.offer(key, next);
            return next;
        } catch (WriteRefusedException e) {
            throw e;
        } catch (RuntimeException e) {
            // split-brain protection (no quorum on the owner's side), a member going away, a timeout
            throw new WriteRefusedException("the cluster did not take the write to '" + key + "': " + oneLine(e));
        }
    }

    @Override
    public AutoCloseable onChange(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        ticker.shutdownNow();
        // leave the cluster before the bundle's classes go (a member running under an updated bundle fails)
        member.getLifecycleService().shutdown();
    }

    private static String refusal(Role role) {
        return role == Role.FOLLOWER
                ? "this node is not the cluster's leader; the oldest member decides"
                : "this node does not see a majority of the cluster (or was just paused), so it makes no changes";
    }

    private void membershipChanged() {
        if (!timer.isShutdown() && !ticker.isShutdown()) {
            ticker.execute(this::tick);
            timer.execute(() -> {
                memory.observe(addresses());
                notifyListeners(); // first: routers drop a removed node's replicas at once
                reconcileState();
            });
        }
    }

    private void tick() {
        pause.tick();
        Role now = role();
        if (now != lastRole) {
            LOG.info(() -> "cluster role: " + lastRole + " -> " + now + " (" + member.getCluster().getMembers().size() + " members)");
            lastRole = now;
            notifyListeners();
        }
    }

    /** Brings the map and this node's disk mirror to the highest generation either holds. */
    private void reconcileState() {
        try {
            Set<String> keys = new LinkedHashSet<>(mirror.keys());
            keys.addAll(state.keySet());
            for (String key : keys) {
                if (!StateMirror.KEY.matcher(key).matches()) {
                    continue;
                }
                String current = state.get(key);
                Optional<Versioned> kept = mirror.load(key);
                long inMap = current == null ? 0 : Records.decode(current).generation();
                if (kept.isPresent() && kept.get().generation() > inMap && role() != Role.NO_QUORUM) {
                    String encoded = Records.encode(kept.get());
                    boolean raised = current == null ? state.putIfAbsent(key, encoded) == null : state.replace(key, current, encoded);
                    if (raised) {
                        LOG.info(() -> "'" + key + "' raised to generation " + kept.get().generation() + " kept on this node");
                    }
                } else if (current != null) {
                    mirror.offer(key, Records.decode(current));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "state not reconciled this time", e);
        }
    }

    private void notifyListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a cluster listener failed", e);
            }
        }
    }

    private List<String> addresses() {
        List<String> addresses = new ArrayList<>();
        for (Member m : member.getCluster().getMembers()) {
            addresses.add(m.getAddress().getHost() + ":" + m.getAddress().getPort());
        }
        return addresses;
    }

    private static void checkKey(String key) {
        if (key == null || !StateMirror.KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("a state key is 1 to 32 characters a-z, 0-9 and _, starting with a letter: " + key);
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String offeredJson(Resources offered) {
        try {
            return JsonFiles.JSON.writeValueAsString(Map.of("num_cpus", offered.cpus(), "memory", offered.memory(),
                    "resources", offered.custom()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("numbers and a map of numbers always write", e);
        }
    }

    private static Resources offered(String json) {
        if (json == null) {
            return Resources.NONE;
        }
        try {
            Map<?, ?> doc = JsonFiles.JSON.readValue(json, Map.class);
            Map<String, Double> custom = new java.util.TreeMap<>();
            if (doc.get("resources") instanceof Map<?, ?> r) {
                r.forEach((k, v) -> custom.put(String.valueOf(k), ((Number) v).doubleValue()));
            }
            return new Resources(((Number) doc.get("num_cpus")).doubleValue(), ((Number) doc.get("memory")).longValue(), custom);
        } catch (JsonProcessingException | RuntimeException e) {
            return Resources.NONE;
        }
    }

    private final class Mirroring implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryMergedListener<String, String> {
        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            changed(event);
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            changed(event);
        }

        @Override
        public void entryMerged(EntryEvent<String, String> event) {
            changed(event);
        }

        private void changed(EntryEvent<String, String> event) {
            try {
                if (StateMirror.KEY.matcher(event.getKey()).matches() && event.getValue() != null) {
                    mirror.offer(event.getKey(), Records.decode(event.getValue()));
                }
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "'" + event.getKey() + "' in the cluster's map is not a versioned value; not mirrored", e);
            }
            notifyListeners();
        }
    }
}
