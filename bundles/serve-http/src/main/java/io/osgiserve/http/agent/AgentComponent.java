package io.osgiserve.http.agent;

import io.osgiserve.config.NodeIdentity;
import io.osgiserve.config.NodeSettings;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.metrics.jetty.MetricsHandler;
import io.osgiserve.node.ServeNode;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's agent: listens while the node is there, as the node's settings say ({@code serve.agent.*}).
 * Its token is kept in {@code agent.token} in Karaf's data directory ({@code karaf.data}); outside Karaf,
 * in this bundle's data area. In a cluster it serves the cluster's node (the higher-ranked ServeNode).
 */
@Component(name = "serve.agent", immediate = true, service = {})
public final class AgentComponent {

    private static final Logger LOG = LoggerFactory.getLogger(AgentComponent.class);

    private final AgentServer server;

    @Activate
    public AgentComponent(BundleContext context, @Reference(policyOption = ReferencePolicyOption.GREEDY) ServeNode node, @Reference ServeMetrics metrics)
            throws AgentStartException {
        AgentSettings settings;
        try {
            settings = AgentSettings.from(NodeSettings.from(context::getProperty), System::getenv, dataDir(context));
            server = AgentServer.start(settings, node, context.getBundle().getVersion().toString(),
                    new MetricsHandler(metrics), NodeSettings.from(context::getProperty));
        } catch (AgentStartException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        LOG.info("serve agent listening on {}://{}:{}", server.scheme(), server.host(), server.port());
        if (settings.token().isEmpty()) {
            LOG.warn("serve agent: started with --no-auth ({}=false): any local user or program can deploy code"
                    + " to this node", NodeSettings.AGENT_AUTH.key());
        } else {
            LOG.info("serve agent: requests need the token in {}", settings.tokenFile().map(Path::toString).orElse("the settings"));
        }
    }

    /** Karaf's data directory, else this bundle's data area (a bare framework, as in the in-framework tests). */
    static Path dataDir(BundleContext context) {
        return NodeIdentity.karafData(context::getProperty, () -> context.getDataFile("").toPath());
    }

    @Deactivate
    void deactivate() {
        server.stop();
    }
}
