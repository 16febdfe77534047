package io.osgiserve.runtime.osgi;

import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.Defaults;
import io.osgiserve.config.NodeIdentity;
import io.osgiserve.config.NodeSettings;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.node.CodeUnavailableException;
import io.osgiserve.node.DeployRefusedException;
import io.osgiserve.node.Ingress;
import io.osgiserve.node.NodeShares;
import io.osgiserve.node.RouteTable;
import io.osgiserve.node.ServeNode;
import io.osgiserve.config.NodeToken;
import io.osgiserve.node.InternalCalls;
import io.osgiserve.node.InternalEndpoint;
import io.osgiserve.node.RemoteReplicas;
import io.osgiserve.runtime.routing.RemoteReplicaRef;
import java.net.URI;
import java.util.List;
import java.util.function.Function;
import io.osgiserve.runtime.code.CodeFetcher;
import io.osgiserve.runtime.controller.Controller;
import io.osgiserve.runtime.routing.RemoteCalls;
import io.osgiserve.runtime.routing.ReplicaCalls;
import io.osgiserve.runtime.controller.DeploymentHost;
import io.osgiserve.runtime.controller.ReplicaConfig;
import io.osgiserve.runtime.controller.ReplicaHost;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.bundle.CollisionHook;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.ComponentFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The node: wires the {@link Controller} to the framework (component factory instances for replicas,
 * ConfigAdmin for deployments, bundles for code,
 * the data directory for the goal) and offers it as the {@link ServeNode} service. Settings are
 * framework properties (in Karaf, system properties): serve.data.dir, serve.node.id, serve.http.host,
 * serve.http.port, serve.max_queued_requests, serve.replica.threads, serve.replica.start_timeout_s, and
 * those of {@link NodeSettings} (code fetching).
 */
// InternalCalls is registered by hand (below): say so, so that resolvers see serve-http's reference satisfied
@org.osgi.annotation.bundle.Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.osgiserve.node.InternalCalls\"", uses = InternalCalls.class)
@Component(service = {ServeNode.class, DeploymentHost.class, NodeShares.class, RemoteReplicas.class},
        immediate = true, property = NodeComponent.LOCAL + "=true")
public final class NodeComponent implements ServeNode, ReplicaHost, DeploymentHost, NodeShares, RemoteReplicas {
    /** A service property of this node's own ServeNode (a cluster's ServeNode wraps it, ranked higher). */
    public static final String LOCAL = "serve.node.local";
    private final Controller controller;
    private final ExecutorService requests;
    private final ExecutorService lifecycle;
    private final ServiceRegistration<CollisionHook> collisionHook;
    private final RemoteCalls remoteCalls;
    private final CodeFetcher codeFetcher;
    private final ServiceRegistration<InternalCalls> internalCalls;
    private final NodeToken token;
    private volatile InternalEndpoint internalEndpoint;

    @Activate
    public NodeComponent(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference ServeMetrics metrics,
            @Reference(target = "(component.factory=" + ReplicaComponent.FACTORY + ")") ComponentFactory<ReplicaComponent> replicas) {
        long self = context.getBundle().getBundleId();
        // new code beside old: allow our own installs of a symbolic name and version that is already there
        collisionHook = context.registerService(CollisionHook.class, (type, target, candidates) -> {
            if (target.getBundleId() == self) {
                candidates.clear();
            }
        }, null);
        Path dataDir = dataDir(context);
        // The router bounds what each replica holds (max_concurrent_queries); this pool bounds the node's
        // total. It is large, and its threads die when idle, so that replicas blocking on handle calls
        // do not starve the others.
        int threads = intProperty(context, "serve.replica.threads", 256);
        requests = pool(threads, "serve-replica-");
        lifecycle = pool(Math.max(16, threads / 8), "serve-lifecycle-");
        Controller.Settings settings = new Controller.Settings(nodeId(context, dataDir),
                property(context, "serve.http.host", Defaults.HOST),
                intProperty(context, "serve.http.port", Defaults.PORT),
                intProperty(context, "serve.max_queued_requests", 1000),
                Duration.ofSeconds(intProperty(context, "serve.replica.start_timeout_s", 120)));
        // calls to other nodes' HTTPS internal ports (replicas, code by digest) trust the JDK's CAs and the cluster's
        java.security.KeyStore peers = PeerTrust.of(NodeSettings.from(context::getProperty));
        BundleCodeInstaller installer = new BundleCodeInstaller(context, NodeSettings.from(context::getProperty), dataDir,
                PeerTrust.context(peers));
        controller = new Controller(settings, installer,
                new ComponentFactoryTransport(replicas, configAdmin, this), new ConfigAdminDeploymentCarrier(configAdmin), new FileGoalStore(dataDir),
                requests, lifecycle);
        controller.metrics(metrics);
        // cluster data plane: calls to replicas on other nodes, and what other nodes call here (the
        // internal port of serve-http serves it); the token is the agent's, in Karaf's data directory
        NodeSettings node = NodeSettings.from(context::getProperty);
        codeFetcher = installer.fetcher();
        Path tokenDir = NodeIdentity.karafData(context::getProperty, () -> dataDir);
        token = NodeToken.of(node, System::getenv, tokenDir);
        org.eclipse.jetty.util.ssl.SslContextFactory.Client trust = new org.eclipse.jetty.util.ssl.SslContextFactory.Client();
        trust.setTrustStore(peers);
        remoteCalls = new RemoteCalls(token::current,
                (int) Math.min(Integer.MAX_VALUE - 8, node.bytes(NodeSettings.INTERNAL_MAX_BODY)), trust,
                RemoteCalls.callTimeout(node));
        controller.remoteCalls(remoteCalls);
        // a worker's stored HeadOnly goal must not open its HTTP port before the cluster says who the head is
        controller.head(node.head());
        controller.start();
        internalCalls = context.registerService(InternalCalls.class,
                new ReplicaCalls(controller.localReplicas(), hex -> codeFetcher.cache().file(hex)), null);
    }

    // ---------------------------------------------------------------- RemoteReplicas (the cluster's way in)

    @Override
    public void remoteReplicas(String app, String deployment, List<Map<String, Object>> refs) {
        controller.remoteReplicas(app, deployment, refs.stream().map(RemoteReplicaRef::of).toList());
    }

    @Override
    public List<Map<String, Object>> localReplicas() {
        return controller.localReplicas().list();
    }

    @Override
    public URI internalAddress() {
        InternalEndpoint e = internalEndpoint;
        return e == null ? null : e.internalAddress();
    }

    @Override
    public Optional<String> codeDigest(String uri) {
        return codeFetcher.digestOf(uri);
    }

    @Override
    public void codeHolders(Function<String, List<URI>> holders) {
        codeFetcher.holders(new CodeFetcher.Holders() {
            @Override
            public List<URI> of(String sha256Hex) {
                return holders.apply(sha256Hex);
            }

            @Override
            public Optional<String> token() {
                return token.current();
            }
        });
    }

    @Override
    public Optional<String> fetchCode(String uri, InetAddress caller) throws DeployRefusedException, CodeUnavailableException {
        try {
            return codeFetcher.fetchOnce(uri, io.osgiserve.runtime.code.Caller.of(caller));
        } catch (io.osgiserve.runtime.code.CodeException e) {
            // the caller's fault (policy, limit, URI) refuses the deploy; a source that is down is the cluster's call
            if (e.sourceUnavailable()) {
                throw new CodeUnavailableException(e.getMessage());
            }
            throw new DeployRefusedException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CodeUnavailableException("runtime_env: reading " + uri + " was cancelled");
        }
    }

    @Override
    public void codePins(Map<String, String> pins) {
        codeFetcher.pins(pins);
    }

    @Override
    public boolean holdsCode(String sha256Hex) {
        return codeFetcher.cache().file(sha256Hex).isPresent();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setInternalEndpoint(InternalEndpoint endpoint) {
        this.internalEndpoint = endpoint;
    }

    void unsetInternalEndpoint(InternalEndpoint endpoint) {
        if (this.internalEndpoint == endpoint) {
            this.internalEndpoint = null;
        }
    }

    @Deactivate
    void deactivate() {
        internalCalls.unregister();
        // let the replicas' close hooks (queued by stop) finish before the executors refuse new work,
        // then the calls in flight, each for a while
        try {
            controller.stop().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a close hook that failed or hangs does not hold the node
        }
        lifecycle.shutdown();
        requests.shutdown();
        try {
            if (!lifecycle.awaitTermination(10, TimeUnit.SECONDS)) {
                lifecycle.shutdownNow();
            }
            if (!requests.awaitTermination(5, TimeUnit.SECONDS)) {
                requests.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lifecycle.shutdownNow();
            requests.shutdownNow();
        }
        collisionHook.unregister();
        remoteCalls.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setIngress(Ingress ingress) {
        controller.ingress(ingress);
    }

    void unsetIngress(Ingress ingress) {
        controller.ingress(null);
    }

    @Override
    public void deploy(ConfigDocument config, InetAddress caller) throws DeployRefusedException {
        controller.deploy(config, caller);
    }

    @Override
    public Optional<ConfigDocument> goal() {
        return controller.goal();
    }

    @Override
    public Map<String, Object> status() {
        return controller.status();
    }

    @Override
    public Map<String, Object> applications() {
        return controller.applications();
    }

    @Override
    public void scale(String app, String deployment, int replicas) throws DeployRefusedException {
        controller.scale(app, deployment, replicas);
    }

    @Override
    public Map<String, Object> events(long since) {
        return controller.events(since);
    }

    @Override
    public void shutdown() {
        controller.shutdown();
    }

    @Override
    public void shares(Map<String, Map<String, Integer>> replicas) {
        controller.shares(replicas);
    }

    @Override
    public void head(boolean head) {
        controller.head(head);
    }

    @Override
    public RouteTable routes() {
        return controller.routes();
    }

    @Override
    public void attach(ReplicaConfig config) {
        controller.attach(config);
    }

    @Override
    public void detach(String replicaId) {
        controller.detach(replicaId);
    }

    @Override
    public void configured(Map<String, ?> properties) {
        controller.configured(properties);
    }

    @Override
    public void removed(String app, String deployment) {
        controller.removed(app, deployment);
    }

    private static Path dataDir(BundleContext context) {
        return NodeIdentity.dataDir(context::getProperty, () -> context.getDataFile("").toPath());
    }

    private static String nodeId(BundleContext context, Path dataDir) {
        return NodeIdentity.nodeId(context::getProperty, dataDir);
    }

    private static String property(BundleContext context, String key, String fallback) {
        String v = context.getProperty(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static int intProperty(BundleContext context, String key, int fallback) {
        String v = context.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number (got '" + v + "')", e);
        }
    }

    private static ExecutorService pool(int threads, String prefix) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), named(prefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
