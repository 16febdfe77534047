package io.osgiserve.cli.node;

import io.osgiserve.cli.client.AgentAddress;

/**
 * How a local node was started, as far as its clients care: where its agent and ingress listen, whether
 * the agent serves HTTPS (and with which certificate, which the CLI then trusts), whether it asks for a
 * token, and the file that token is kept in. The defaults live in {@link io.osgiserve.config.NodeSettings}.
 *
 * @param agentCertificate the agent's PEM certificate, or "" (plain HTTP, or a PKCS#12 key store)
 * @param tokenFile the node's {@code agent.token}, or "" when it asks for no token
 * @param agentName the host this installation's commands reach the agent by, or "" for {@code agentHost}
 *     (a wildcard bind is reached over 127.0.0.1); see {@link AgentCertificateName}
 */
public record NodeSettings(String agentHost, int agentPort, String httpHost, int httpPort, boolean agentTls,
        boolean agentAuth, String agentCertificate, String tokenFile, String agentName) {
    public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
    public static final int DEFAULT_HTTP_PORT = 8000;

    /** A plain HTTP node that asks for a token. */
    public NodeSettings(String agentHost, int agentPort, String httpHost, int httpPort) {
        this(agentHost, agentPort, httpHost, httpPort, false, true, "", "", "");
    }

    /** The address to reach the agent at. */
    public String agentAddress() {
        return AgentAddress.of(agentTls ? "https" : "http", agentName.isEmpty() ? agentHost : agentName, agentPort);
    }

    /** The ingress as a user would call it. */
    public String ingressAddress() {
        return AgentAddress.of(httpHost, httpPort);
    }
}
