package io.osgiserve.cli.shell;

import io.osgiserve.cli.client.AgentAddress;
import io.osgiserve.cli.client.AgentClient;
import io.osgiserve.cli.client.AgentCredentials;
import io.osgiserve.cli.verbs.Verbs;
import io.osgiserve.config.AgentAccess;
import io.osgiserve.config.AgentTokenFile;
import io.osgiserve.config.NodeSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.osgi.framework.BundleContext;

/**
 * The agent a shell command talks to: {@code -a/--address} if given, else this node's own agent, as the
 * node's settings place it. Inside the node no token needs to be set: the commands read the node's own
 * {@code agent.token} (in Karaf's data directory) and trust the agent's own certificate.
 */
final class NodeAgent {
    private NodeAgent() {
    }

    static Verbs verbs(String address, BundleContext context) {
        NodeSettings settings = NodeSettings.from(context::getProperty);
        Map<String, String> env = new HashMap<>(System.getenv());
        String own = ownAgent(settings);
        env.put(AgentAddress.ENV_ADDRESS, own);
        String target = AgentAddress.resolve(address, env);
        boolean ours = target.equals(own);
        String token = ours ? ownToken(settings, context) : AgentCredentials.token(null, env, () -> null);
        String certificate = settings.text(NodeSettings.AGENT_TLS_CERTFILE);
        SSLContext trust = ours && !certificate.isEmpty() ? AgentCredentials.trusting(Path.of(certificate)) : null;
        return new Verbs(new AgentClient(target, token, trust));
    }

    static String ownAgent(NodeSettings settings) {
        return AgentAddress.of(AgentAccess.tls(settings) ? "https" : "http",
                settings.text(NodeSettings.AGENT_HOST), settings.port(NodeSettings.AGENT_PORT));
    }

    private static String ownToken(NodeSettings settings, BundleContext context) {
        if (!AgentAccess.tokenRequired(settings)) {
            return null;
        }
        String configured = settings.text(NodeSettings.AGENT_TOKEN);
        if (!configured.isEmpty()) {
            return configured;
        }
        String karafData = context.getProperty("karaf.data");
        if (karafData == null && settings.text(NodeSettings.AGENT_TOKEN_FILE).isEmpty()) {
            return null;
        }
        try {
            return AgentTokenFile.of(settings, Path.of(karafData == null ? "." : karafData)).read().orElse(null);
        } catch (IOException e) {
            return null; // the agent's 401 then says where the token is
        }
    }

}
