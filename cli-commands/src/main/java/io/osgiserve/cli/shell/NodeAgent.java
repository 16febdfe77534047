package io.osgiserve.cli.shell;

import io.osgiserve.cli.client.AgentAddress;
import io.osgiserve.cli.client.AgentClient;
import io.osgiserve.cli.verbs.Verbs;
import java.util.HashMap;
import java.util.Map;
import org.osgi.framework.BundleContext;

/**
 * The agent a shell command talks to: {@code -a/--address} if given, else this node's own agent
 * ({@code serve.agent.host}/{@code serve.agent.port}). The token: {@code serve.agent.token}, else
 * {@code SERVE_AGENT_TOKEN}.
 */
final class NodeAgent {
    private NodeAgent() {
    }

    static Verbs verbs(String address, BundleContext context) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(AgentAddress.ENV_ADDRESS, ownAgent(context));
        String token = context.getProperty("serve.agent.token");
        if (token != null && !token.isBlank()) {
            env.put(AgentAddress.ENV_TOKEN, token);
        }
        return new Verbs(new AgentClient(AgentAddress.resolve(address, env), AgentAddress.token(env)));
    }

    static String ownAgent(BundleContext context) {
        String host = context.getProperty("serve.agent.host");
        String port = context.getProperty("serve.agent.port");
        return AgentAddress.of(host == null ? "127.0.0.1" : host.trim(),
                port == null || port.isBlank() ? 52365 : Integer.parseInt(port.trim()));
    }
}
