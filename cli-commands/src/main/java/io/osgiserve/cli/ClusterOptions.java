package io.osgiserve.cli;

import io.osgiserve.cli.verbs.UserError;
import io.osgiserve.config.NodeSettings;
import io.osgiserve.config.NodeToken;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * serve start's cluster options (like ray start's): {@code --head} forms a cluster, {@code --address} joins
 * one; the others say where this node's member listens and what the node offers to replicas.
 */
final class ClusterOptions {
    @Option(names = "--head", description = "Start the first node of a cluster (others join it with --address).")
    boolean head;

    @Option(names = "--address", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Join the cluster of these nodes (their --cluster-host:--cluster-port); needs the cluster's token"
                    + " (--token or $SERVE_AGENT_TOKEN: the head's agent.token).")
    String address;

    @Option(names = "--cluster-port", paramLabel = "PORT",
            description = "Port of this node's cluster member (default 5701); open it only to the cluster's nodes.")
    Integer clusterPort;

    @Option(names = "--cluster-host", paramLabel = "IP",
            description = "Address this node's member and its internal port bind and the others reach them on"
                    + " (default 127.0.0.1).")
    String clusterHost;

    @Option(names = "--internal-port", paramLabel = "PORT",
            description = "Port of the calls between nodes (default: any free port); open it only to the cluster's nodes.")
    Integer internalPort;

    @Option(names = "--num-cpus", paramLabel = "N", description = "CPUs this node offers to replicas' num_cpus (default: its cores).")
    String numCpus;

    @Option(names = "--resources", paramLabel = "JSON", description = "Custom resources this node offers, as JSON {\"name\": amount}.")
    String resources;

    boolean clustered() {
        return head || address != null;
    }

    /**
     * The node settings these options give.
     *
     * @param token the cluster's token the command hands to the node, or null when it has none
     */
    void putInto(Map<String, String> given, String token, boolean noAuth) {
        if (head && address != null) {
            throw new UserError("--head starts a new cluster and --address joins one: give one of them.");
        }
        if (!clustered()) {
            if (clusterPort != null || clusterHost != null || internalPort != null || numCpus != null || resources != null) {
                throw new UserError("--cluster-port, --cluster-host, --internal-port, --num-cpus and --resources are for a cluster's node:"
                        + " add --head (a new cluster) or --address HOST:PORT (join one).");
            }
            return;
        }
        if (address != null && noAuth) {
            throw new UserError("A worker cannot run with --no-auth: the cluster's token is what lets it join.");
        }
        if (address != null && token == null) {
            throw new UserError("A worker needs the cluster's token to join: pass --token or set SERVE_AGENT_TOKEN to the"
                    + " head's token (in its agent.token).");
        }
        if (token != null && token.strip().length() < NodeToken.CLUSTER_MIN_LENGTH) {
            throw new UserError("The cluster's token is too short: a cluster takes a token of at least "
                    + NodeToken.CLUSTER_MIN_LENGTH + " characters (the head's agent.token is one).");
        }
        given.put(NodeSettings.CLUSTER_ENABLED.key(), "true");
        if (address != null) {
            given.put(NodeSettings.CLUSTER_MEMBERS.key(), address.strip());
        }
        if (clusterPort != null) {
            given.put(NodeSettings.CLUSTER_PORT.key(), clusterPort.toString());
        }
        if (clusterHost != null) {
            given.put(NodeSettings.CLUSTER_HOST.key(), clusterHost.strip());
            // the other nodes call this one's replicas on the address they reach its member on
            given.putIfAbsent(NodeSettings.INTERNAL_HOST.key(), clusterHost.strip());
        }
        if (internalPort != null) {
            given.put(NodeSettings.INTERNAL_PORT.key(), internalPort.toString());
        }
        if (numCpus != null) {
            given.put(NodeSettings.CLUSTER_NUM_CPUS.key(), numCpus.strip());
        }
        if (resources != null) {
            given.put(NodeSettings.CLUSTER_RESOURCES.key(), compact(resources));
        }
    }

    /** JSON without the blanks between its tokens (the node's command line takes no spaces). */
    static String compact(String json) {
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < json.length()) {
                    out.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (!Character.isWhitespace(c)) {
                out.append(c);
                inString = c == '"';
            }
        }
        return out.toString();
    }
}
