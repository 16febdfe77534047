package io.osgiserve.cluster.osgi;

import io.osgiserve.cluster.Cluster;
import io.osgiserve.cluster.ClusterNode;
import io.osgiserve.cluster.Role;
import io.osgiserve.cluster.Versioned;
import io.osgiserve.cluster.WriteRefusedException;
import io.osgiserve.cluster.impl.ClusterSettings;
import io.osgiserve.cluster.impl.HazelcastCluster;
import io.osgiserve.config.AgentTokenFile;
import io.osgiserve.config.NodeSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The node's cluster member, started with the bundle and shut down before it goes (a member left running
 * under an updated bundle fails on missing classes). Settings: serve.cluster.* of {@link NodeSettings};
 * the data directory and node id are the node's (serve.data.dir, serve.node.id or the node_id file).
 */
@Component(service = Cluster.class, immediate = true)
public final class ClusterComponent implements Cluster {
    private final HazelcastCluster cluster;

    @Activate
    public ClusterComponent(BundleContext context) {
        Path dataDir = dataDir(context);
        NodeSettings node = NodeSettings.from(context::getProperty);
        // the agent's own rule for its token file (serve.agent.token.file, else agent.token in Karaf's data)
        String karafData = context.getProperty("karaf.data");
        Path tokenFile = AgentTokenFile.of(node, karafData == null || karafData.isBlank() ? dataDir : Path.of(karafData.trim())).path();
        ClusterSettings settings = ClusterSettings.from(node, nodeId(context, dataDir), dataDir, tokenFile);
        cluster = HazelcastCluster.start(settings, ClusterComponent.class.getClassLoader());
    }

    @Deactivate
    void deactivate() {
        cluster.close();
    }

    @Override
    public String nodeId() {
        return cluster.nodeId();
    }

    @Override
    public Role role() {
        return cluster.role();
    }

    @Override
    public List<ClusterNode> members() {
        return cluster.members();
    }

    @Override
    public Optional<Versioned> read(String key) {
        return cluster.read(key);
    }

    @Override
    public Versioned write(String key, long expectedGeneration, String json) throws WriteRefusedException {
        return cluster.write(key, expectedGeneration, json);
    }

    @Override
    public AutoCloseable onChange(Runnable listener) {
        return cluster.onChange(listener);
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

    // the same id the node's runtime keeps in node_id; created here if the runtime has not yet
    private static String nodeId(BundleContext context, Path dataDir) {
        String configured = context.getProperty("serve.node.id");
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        Path file = dataDir.resolve("node_id");
        try {
            try {
                Files.writeString(Files.createFile(file), UUID.randomUUID().toString().replace("-", ""));
            } catch (FileAlreadyExistsException e) {
                // kept from an earlier start, or written by the runtime just now
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the node id in " + file, e);
        }
    }
}
