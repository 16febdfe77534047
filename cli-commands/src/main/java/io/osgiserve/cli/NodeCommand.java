package io.osgiserve.cli;

import io.osgiserve.cli.client.AgentAddress;
import io.osgiserve.cli.node.LocalNode;
import io.osgiserve.cli.node.NodeRecord;
import io.osgiserve.cli.node.NodeSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that starts the local node: the addresses it takes and what it prints once it runs. */
abstract class NodeCommand implements Callable<Integer> {
    @Option(names = "--agent-host", paramLabel = "HOST", defaultValue = NodeSettings.DEFAULT_AGENT_HOST,
            description = "Address the agent binds (default ${DEFAULT-VALUE}; others need SERVE_AGENT_TOKEN).")
    String agentHost;

    @Option(names = "--agent-port", paramLabel = "PORT", defaultValue = "" + NodeSettings.DEFAULT_AGENT_PORT,
            description = "Port of the agent (default ${DEFAULT-VALUE}).")
    int agentPort;

    @Option(names = "--http-host", paramLabel = "HOST", defaultValue = NodeSettings.DEFAULT_HTTP_HOST,
            description = "Address the ingress binds when a config does not say (default ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + NodeSettings.DEFAULT_HTTP_PORT,
            description = "Port of the ingress when a config does not say (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--debug-errors",
            description = "A 500 from the ingress shows the exception's class and message (default: only a request id; the node's log has the exception).")
    boolean debugErrors;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for the node's agent (default ${DEFAULT-VALUE}).")
    long startTimeoutSeconds;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    final CliEnvironment environment;

    NodeCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    LocalNode node() {
        return localNode(environment, Duration.ofSeconds(startTimeoutSeconds));
    }

    static LocalNode localNode(CliEnvironment environment, Duration startTimeout) {
        return new LocalNode(environment.serveHome(), environment.env(), startTimeout, Duration.ofSeconds(60));
    }

    NodeSettings settings() {
        return new NodeSettings(agentHost, agentPort, httpHost, httpPort, debugErrors);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    void printStarted(NodeRecord node) {
        PrintWriter out = out();
        NodeSettings s = node.settings();
        out.println("Started a serve node (pid " + node.pid() + "); its output goes to " + node.log() + ".");
        out.println("Agent:   " + s.agentAddress());
        out.println("Ingress: " + s.ingressAddress() + " (bound to " + s.httpHost() + ":" + s.httpPort()
                + " once an application is deployed, unless its config sets host/port)");
        String named = AgentAddress.resolve(null, environment.env(), () -> s.agentAddress());
        if (!sameAgent(s.agentAddress(), named)) {
            out.println("SERVE_AGENT_ADDRESS names another agent (" + named + "); the other commands reach this one with -a "
                    + s.agentAddress());
        } else if (!sameAgent(s.agentAddress(), AgentAddress.DEFAULT)) {
            out.println("The other commands of this installation find this agent; from elsewhere: -a " + s.agentAddress()
                    + " or export SERVE_AGENT_ADDRESS=" + s.agentAddress());
        }
        out.flush();
    }

    /** Whether the commands' default address reaches this agent (loopback names are one host). */
    static boolean sameAgent(String a, String b) {
        URI x = URI.create(a);
        URI y = URI.create(b);
        return x.getPort() == y.getPort()
                && (x.getHost().equalsIgnoreCase(y.getHost()) || (loopback(x.getHost()) && loopback(y.getHost())));
    }

    private static boolean loopback(String host) {
        return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }
}
