package io.osgiserve.runtime.osgi;

import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.Defaults;
import io.osgiserve.config.NodeSettings;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.node.DeployRefusedException;
import io.osgiserve.node.Ingress;
import io.osgiserve.node.RouteTable;
import io.osgiserve.node.ServeNode;
import io.osgiserve.runtime.controller.Controller;
import io.osgiserve.runtime.controller.DeploymentHost;
import io.osgiserve.runtime.controller.ReplicaConfig;
import io.osgiserve.runtime.controller.ReplicaHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The node: wires the {@link Controller} to the framework (ConfigAdmin for replicas, bundles for code,
 * the data directory for the goal) and offers it as the {@link ServeNode} service. Settings are
 * framework properties (in Karaf, system properties): serve.data.dir, serve.node.id, serve.http.host,
 * serve.http.port, serve.max_queued_requests, serve.replica.threads, serve.replica.start_timeout_s, and
 * those of {@link NodeSettings} (code fetching).
 */
@Component(service = {ServeNode.class, ReplicaHost.class, DeploymentHost.class}, immediate = true)
public final class NodeComponent implements ServeNode, ReplicaHost, DeploymentHost {
    private final Controller controller;
    private final ExecutorService requests;
    private final ExecutorService lifecycle;
    private final ServiceRegistration<CollisionHook> collisionHook;

    @Activate
    public NodeComponent(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference ServeMetrics metrics) {
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
        controller = new Controller(settings, new BundleCodeInstaller(context, NodeSettings.from(context::getProperty), dataDir),
                new ConfigAdminTransport(configAdmin), new ConfigAdminDeploymentCarrier(configAdmin), new FileGoalStore(dataDir),
                requests, lifecycle);
        controller.metrics(metrics);
        controller.start();
    }

    @Deactivate
    void deactivate() {
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
    public Map<String, Object> events(long since) {
        return controller.events(since);
    }

    @Override
    public void shutdown() {
        controller.shutdown();
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
        String dir = context.getProperty("serve.data.dir");
        if (dir == null && context.getProperty("karaf.data") != null) {
            dir = context.getProperty("karaf.data") + "/serve";
        }
        Path path = dir != null ? Paths.get(dir) : context.getDataFile("").toPath();
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + path, e);
        }
    }

    private static String nodeId(BundleContext context, Path dataDir) {
        String configured = context.getProperty("serve.node.id");
        if (configured != null) {
            return configured;
        }
        Path file = dataDir.resolve("node_id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String id = UUID.randomUUID().toString().replace("-", "");
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the node id in " + file, e);
        }
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
