package io.osgiserve.cli.node;

import io.osgiserve.cli.client.AgentAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a local node listens: its agent, and its ingress' defaults (node properties serve.agent.* and
 * serve.http.*); and whether its ingress shows exception text in a 500 (serve.http.debug_errors).
 */
public record NodeSettings(String agentHost, int agentPort, String httpHost, int httpPort, boolean debugErrors) {
    public static final String DEFAULT_AGENT_HOST = "127.0.0.1";
    public static final int DEFAULT_AGENT_PORT = 52365;
    public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
    public static final int DEFAULT_HTTP_PORT = 8000;

    public NodeSettings(String agentHost, int agentPort, String httpHost, int httpPort) {
        this(agentHost, agentPort, httpHost, httpPort, false);
    }

    /** The address to reach the agent at. */
    public String agentAddress() {
        return AgentAddress.of(agentHost, agentPort);
    }

    /** The ingress as a user would call it. */
    public String ingressAddress() {
        return AgentAddress.of(httpHost, httpPort);
    }

    /** The JVM options that hand these settings to the node. */
    public List<String> systemProperties() {
        List<String> properties = new ArrayList<>(List.of(
                "-Dserve.agent.host=" + agentHost,
                "-Dserve.agent.port=" + agentPort,
                "-Dserve.http.host=" + httpHost,
                "-Dserve.http.port=" + httpPort));
        if (debugErrors) {
            // Only when asked: otherwise the node's own settings decide.
            properties.add("-Dserve.http.debug_errors=true");
        }
        return List.copyOf(properties);
    }
}
