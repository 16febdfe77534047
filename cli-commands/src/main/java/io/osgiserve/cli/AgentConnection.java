package io.osgiserve.cli;

import io.osgiserve.cli.client.AgentAddress;
import io.osgiserve.cli.client.AgentClient;
import io.osgiserve.cli.client.AgentCredentials;
import io.osgiserve.cli.node.LocalNode;
import io.osgiserve.cli.node.NodeRecord;
import io.osgiserve.cli.verbs.UserError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The client of the agent a command talks to: its address ({@code -a}, the environment, the node this
 * installation started, the default), its token and the certificates it trusts ({@link AgentCredentials}).
 * The node of this installation lends its token and certificate only when the command talks to that node
 * (or, with no node recorded, to a loopback address): a token never goes to an agent it does not belong to.
 */
final class AgentConnection {

    private AgentConnection() {
    }

    static AgentClient client(CliEnvironment environment, String addressFlag, String tokenFlag, String cacertFlag) {
        Optional<LocalNode> local = Optional.ofNullable(environment.serveHome())
                .map(home -> NodeCommand.localNode(environment, Duration.ofSeconds(1)));
        Optional<NodeRecord> record = local.flatMap(AgentConnection::running);
        String address = AgentAddress.resolve(addressFlag, environment.env(),
                () -> record.map(r -> r.settings().agentAddress()).orElse(null));
        boolean ours = record.map(r -> NodeCommand.sameAgent(r.settings().agentAddress(), address))
                .orElseGet(() -> AgentAddress.isLoopback(address));
        String token = AgentCredentials.token(tokenFlag, environment.env(),
                () -> ours ? local.map(LocalNode::token).orElse(null) : null);
        String cacert = AgentCredentials.caCertificate(cacertFlag, environment.env(),
                () -> ours ? record.map(r -> r.settings().agentCertificate()).orElse(null) : null);
        SSLContext trust = address.startsWith("https:") && cacert != null ? AgentCredentials.trusting(Path.of(cacert)) : null;
        return new AgentClient(address, token, trust);
    }

    /** Whether this installation's node runs with {@code --no-auth} (a damaged record: not known, so no). */
    static boolean localNodeWithoutAuth(CliEnvironment environment) {
        if (environment.serveHome() == null) {
            return false;
        }
        return running(NodeCommand.localNode(environment, Duration.ofSeconds(1)))
                .map(r -> !r.settings().agentAuth()).orElse(false);
    }

    private static Optional<NodeRecord> running(LocalNode node) {
        try {
            return node.running();
        } catch (UserError unreadable) {
            return Optional.empty(); // a damaged record: the default address, as without one
        }
    }
}
