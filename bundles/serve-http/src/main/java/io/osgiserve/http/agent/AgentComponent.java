package io.osgiserve.http.agent;

import io.osgiserve.node.ServeNode;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's agent: listens while the node is there, on the address the framework properties
 * {@code serve.agent.host} and {@code serve.agent.port} give.
 */
@Component(name = "serve.agent", immediate = true, service = {})
public final class AgentComponent {

    private static final Logger LOG = LoggerFactory.getLogger(AgentComponent.class);

    private final AgentServer server;

    @Activate
    public AgentComponent(BundleContext context, @Reference ServeNode node) throws AgentStartException {
        try {
            AgentSettings settings = AgentSettings.from(context::getProperty);
            server = AgentServer.start(settings, node, context.getBundle().getVersion().toString());
        } catch (AgentStartException | IllegalArgumentException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        LOG.info("serve agent listening on http://{}:{}", server.host(), server.port());
    }

    @Deactivate
    void deactivate() {
        server.stop();
    }
}
