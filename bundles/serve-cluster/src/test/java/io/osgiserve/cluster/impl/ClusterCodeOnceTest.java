package io.osgiserve.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osgiserve.cluster.Cluster;
import io.osgiserve.cluster.ClusterNode;
import io.osgiserve.cluster.Role;
import io.osgiserve.cluster.Versioned;
import io.osgiserve.cluster.WriteRefusedException;
import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.ConfigForm;
import io.osgiserve.node.CodeUnavailableException;
import io.osgiserve.node.DeployRefusedException;
import io.osgiserve.node.NodeShares;
import io.osgiserve.node.RemoteReplicas;
import io.osgiserve.node.RouteTable;
import io.osgiserve.node.ServeNode;
import io.osgiserve.node.UnavailableException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node that accepts a deploy reads each runtime_env URI once: a source the caller may not read refuses
 * the deploy, whatever an earlier goal pinned; a source that is down keeps the earlier bytes only with a
 * message saying so; a node without a quorum reads nothing; an unreadable earlier goal pins nothing.
 */
class ClusterCodeOnceTest {
    private static final String URI_TEXT = "http://127.0.0.1:9/app.jar";
    private static final String OLD = "sha256:" + "aa".repeat(32);
    private static final String NEW = "sha256:" + "bb".repeat(32);
    private static final InetAddress REMOTE = InetAddress.getLoopbackAddress();

    private final MemoryCluster cluster = new MemoryCluster();
    private final FakeData data = new FakeData();
    private ClusterControl control;

    @AfterEach
    void close() {
        if (control != null) {
            control.close();
        }
    }

    private static ConfigDocument config() throws Exception {
        String json = "{\"import_path\": \"fruit:deployment_graph\", \"runtime_env\": {\"working_dir\": \"" + URI_TEXT + "\"}}";
        return ConfigDocument.parse(json.getBytes(StandardCharsets.UTF_8), "application/json", ConfigForm.SINGLE_APP);
    }

    private void earlierGoalPinning(String digest) throws Exception {
        cluster.values.put(ClusterControl.GOAL, new Versioned(1, Json.write(Map.of("form", "SINGLE_APP",
                "config", config().toJson(), "code", Map.of(URI_TEXT, digest)))));
    }

    private ClusterControl start() {
        control = new ClusterControl(cluster, new FakeLocal(), new FakeShares(), data, Map.of(), true);
        return control;
    }

    private ClusterControl.GoalDoc goal() {
        return ClusterControl.parseGoal(cluster.values.get(ClusterControl.GOAL).json()).orElseThrow();
    }

    @Test
    void aCallerRefusedByThePolicyIsRefusedEvenWhenAnEarlierGoalPinnedTheUri() throws Exception {
        earlierGoalPinning(OLD);
        data.fetch = uri -> {
            throw new DeployRefusedException("runtime_env: " + uri + " is outside serve.code.file.allowed_roots");
        };
        ClusterControl c = start();

        DeployRefusedException e = assertThrows(DeployRefusedException.class, () -> c.deploy(config(), REMOTE));

        assertThat(e.getMessage()).isEqualTo("runtime_env: " + URI_TEXT + " is outside serve.code.file.allowed_roots");
        assertThat(cluster.values.get(ClusterControl.GOAL).generation()).as("the goal is not written").isEqualTo(1);
    }

    @Test
    void aSourceThatIsDownKeepsTheEarlierBytesAndEveryApplicationsMessageSaysWhichAndWhy() throws Exception {
        earlierGoalPinning(OLD);
        data.fetch = uri -> {
            throw new CodeUnavailableException("runtime_env: " + uri + " answered HTTP 503");
        };
        ClusterControl c = start();

        c.deploy(config(), REMOTE);

        assertThat(goal().code()).containsExactly(Map.entry(URI_TEXT, OLD));
        String why = "runtime_env: " + URI_TEXT + " answered HTTP 503; the cluster keeps running " + OLD + ", read from it earlier";
        assertThat(goal().kept()).containsExactly(Map.entry(URI_TEXT, why));
        Map<String, Object> app = app(c.applications());
        assertThat(app.get("message")).isEqualTo(why);
        assertThat(((Map<?, ?>) ((Map<?, ?>) app.get("deployments")).get("Mango")).get("message")).isEqualTo(why);

        // the source answers again: new bytes, and the message is gone
        data.fetch = uri -> Optional.of(NEW);
        c.deploy(config(), REMOTE);
        assertThat(goal().code()).containsExactly(Map.entry(URI_TEXT, NEW));
        assertThat(goal().kept()).isEmpty();
        assertThat(app(c.applications()).get("message")).isEqualTo("");
    }

    @Test
    void aSourceThatIsDownWithoutEarlierBytesIsNotPinnedSoEachNodeReadsItAndReportsWhy() throws Exception {
        data.fetch = uri -> {
            throw new CodeUnavailableException("runtime_env: " + uri + " answered HTTP 503");
        };
        ClusterControl c = start();

        c.deploy(config(), REMOTE);

        assertThat(goal().code()).isEmpty();
        assertThat(goal().kept()).isEmpty();
    }

    @Test
    void aNodeWithoutAQuorumAnswersAtOnceWithoutReadingTheCode() throws Exception {
        cluster.role = Role.NO_QUORUM;
        data.fetch = uri -> Optional.of(NEW);
        ClusterControl c = start();

        UnavailableException e = assertThrows(UnavailableException.class, () -> c.deploy(config(), REMOTE));

        assertThat(e.getMessage()).contains("majority");
        assertThat(data.fetches.get()).as("sources read").isZero();
    }

    @Test
    void anUnreadableEarlierGoalPinsNothingAndDoesNotBlockANewDeploy() throws Exception {
        cluster.values.put(ClusterControl.GOAL, new Versioned(1, "{\"form\": \"NO_SUCH_FORM\", \"config\": \"{}\"}"));
        data.fetch = uri -> {
            throw new CodeUnavailableException("runtime_env: " + uri + " answered HTTP 503");
        };
        ClusterControl c = start();
        c.deploy(config(), REMOTE);
        assertThat(goal().code()).isEmpty();

        data.fetch = uri -> Optional.of(NEW);
        c.deploy(config(), REMOTE);
        assertThat(goal().code()).containsExactly(Map.entry(URI_TEXT, NEW));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> app(Map<String, Object> applications) throws Exception {
        String name = config().applications().get(0).name();
        return (Map<String, Object>) ((Map<String, Object>) applications.get("applications")).get(name);
    }

    // ---------------------------------------------------------------- the node's parts, in memory

    @FunctionalInterface
    interface Fetch {
        Optional<String> of(String uri) throws DeployRefusedException, CodeUnavailableException;
    }

    private static final class MemoryCluster implements Cluster {
        final Map<String, Versioned> values = new ConcurrentHashMap<>();
        volatile Role role = Role.FOLLOWER;

        @Override
        public String nodeId() {
            return "n1";
        }

        @Override
        public Role role() {
            return role;
        }

        @Override
        public List<ClusterNode> members() {
            return List.of();
        }

        @Override
        public Optional<Versioned> read(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public Versioned write(String key, long expectedGeneration, String json) throws WriteRefusedException {
            return propose(key, expectedGeneration, json);
        }

        @Override
        public synchronized Versioned propose(String key, long expectedGeneration, String json) throws WriteRefusedException {
            long now = read(key).map(Versioned::generation).orElse(0L);
            if (now != expectedGeneration) {
                throw new WriteRefusedException("moved on");
            }
            Versioned v = new Versioned(now + 1, json);
            values.put(key, v);
            return v;
        }

        @Override
        public void publish(String json) {
        }

        @Override
        public Map<String, String> published() {
            return Map.of();
        }

        @Override
        public AutoCloseable onChange(Runnable listener) {
            return () -> { };
        }
    }

    /** This node's controller: one application with one healthy deployment. */
    private static final class FakeLocal implements ServeNode {
        @Override
        public void deploy(ConfigDocument config, InetAddress caller) {
        }

        @Override
        public Optional<ConfigDocument> goal() {
            return Optional.empty();
        }

        @Override
        public Map<String, Object> status() {
            return Map.of();
        }

        @Override
        public Map<String, Object> applications() {
            try {
                String name = config().applications().get(0).name();
                return Map.of("applications", Map.of(name, Map.of("status", "RUNNING", "message", "",
                        "deployments", Map.of("Mango", Map.of("status", "HEALTHY", "message", "", "replicas", List.of())))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void shutdown() {
        }

        @Override
        public RouteTable routes() {
            return null;
        }
    }

    private static final class FakeShares implements NodeShares {
        @Override
        public void shares(Map<String, Map<String, Integer>> replicas) {
        }

        @Override
        public void head(boolean head) {
        }
    }

    private static final class FakeData implements RemoteReplicas {
        volatile Fetch fetch;
        final AtomicInteger fetches = new AtomicInteger();

        @Override
        public Optional<String> fetchCode(String uri, InetAddress caller) throws DeployRefusedException, CodeUnavailableException {
            fetches.incrementAndGet();
            return fetch.of(uri);
        }

        @Override
        public void remoteReplicas(String app, String deployment, List<Map<String, Object>> refs) {
        }

        @Override
        public List<Map<String, Object>> localReplicas() {
            return List.of();
        }

        @Override
        public URI internalAddress() {
            return null;
        }

        @Override
        public Optional<String> codeDigest(String uri) {
            return Optional.empty();
        }

        @Override
        public void codeHolders(Function<String, List<URI>> holders) {
        }

        @Override
        public void codePins(Map<String, String> pins) {
        }

        @Override
        public boolean holdsCode(String sha256Hex) {
            return true;
        }
    }
}
