package io.osgiserve.cluster.osgi;

import io.osgiserve.cluster.Cluster;
import io.osgiserve.cluster.impl.ClusterControl;
import io.osgiserve.cluster.impl.ClusterSettings;
import io.osgiserve.cluster.impl.HazelcastCluster;
import io.osgiserve.config.AgentTokenFile;
import io.osgiserve.config.NodeIdentity;
import io.osgiserve.config.NodeSettings;
import io.osgiserve.node.NodeShares;
import io.osgiserve.node.RemoteReplicas;
import io.osgiserve.node.ServeNode;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The node's cluster member, when {@code serve.cluster.enabled} says the node is in a cluster: started
 * with the bundle and shut down before it goes (a member left running under an updated bundle fails on
 * missing classes). It offers the {@link Cluster} service and, ranked above the node's own, the cluster's
 * {@link ServeNode} (what the agent serves). A node not in a cluster starts no member.
 */
@Component(immediate = true, service = {})
public final class ClusterComponent {
    private static final String LOCAL_NODE = "(serve.node.local=true)";
    private static final String TOKEN_ENV = "SERVE_AGENT_TOKEN";

    private final HazelcastCluster cluster;
    private final ClusterControl control;
    private final ServiceRegistration<?> clusterRegistration;
    private final ServiceRegistration<?> nodeRegistration;

    @Activate
    public ClusterComponent(BundleContext context, @Reference(target = LOCAL_NODE) ServeNode local,
                            @Reference(target = LOCAL_NODE) NodeShares shares,
                            @Reference(target = LOCAL_NODE) RemoteReplicas data) {
        // the token the node was started with (as the agent takes it) is the cluster's, file or no file yet
        String started = System.getenv(TOKEN_ENV);
        NodeSettings node = NodeSettings.from(key -> {
            String value = context.getProperty(key);
            boolean unset = value == null || value.isBlank();
            if (unset && key.equals(NodeSettings.CLUSTER_TOKEN.key())) {
                String agentToken = context.getProperty(NodeSettings.AGENT_TOKEN.key());
                return agentToken != null && !agentToken.isBlank() ? agentToken : started;
            }
            return value;
        });
        if (!Boolean.parseBoolean(node.text(NodeSettings.CLUSTER_ENABLED))) {
            cluster = null;
            control = null;
            clusterRegistration = null;
            nodeRegistration = null;
            return;
        }
        Path dataDir = NodeIdentity.dataDir(context::getProperty, () -> context.getDataFile("").toPath());
        // the agent's own rule for its token file (serve.agent.token.file, else agent.token in Karaf's data)
        Path tokenFile = AgentTokenFile.of(node, NodeIdentity.karafData(context::getProperty, () -> dataDir)).path();
        ClusterSettings settings = ClusterSettings.from(node, NodeIdentity.nodeId(context::getProperty, dataDir), dataDir, tokenFile);
        cluster = HazelcastCluster.start(settings, ClusterComponent.class.getClassLoader());
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("agent_address", agentAddress(node));
        // the head is the node started with --head (no members to join); HeadOnly keeps the ingress there
        boolean head = node.head();
        self.put("head", head);
        control = new ClusterControl(cluster, local, shares, data, self, head);
        clusterRegistration = context.registerService(Cluster.class, cluster, null);
        Hashtable<String, Object> ranked = new Hashtable<>();
        ranked.put(Constants.SERVICE_RANKING, 100);
        ranked.put("serve.node.cluster", true);
        nodeRegistration = context.registerService(ServeNode.class, control, ranked);
    }

    @Deactivate
    void deactivate() {
        if (cluster == null) {
            return;
        }
        nodeRegistration.unregister();
        clusterRegistration.unregister();
        control.close();
        cluster.close();
    }

    private static String agentAddress(NodeSettings node) {
        boolean tls = !node.text(NodeSettings.AGENT_TLS_CERTFILE).isEmpty() || !node.text(NodeSettings.AGENT_TLS_KEYSTORE).isEmpty();
        return (tls ? "https://" : "http://") + node.text(NodeSettings.AGENT_HOST) + ":" + node.port(NodeSettings.AGENT_PORT);
    }
}
