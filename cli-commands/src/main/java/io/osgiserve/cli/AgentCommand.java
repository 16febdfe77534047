package io.osgiserve.cli;

import io.osgiserve.cli.client.AgentAddress;
import io.osgiserve.cli.client.AgentClient;
import io.osgiserve.cli.verbs.UserError;
import io.osgiserve.cli.verbs.Verbs;
import java.time.Duration;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that talks to an agent: the {@code -a/--address} option and the shared {@link Verbs}. */
abstract class AgentCommand implements Callable<Integer> {
    @Option(names = {"-a", "--address"}, paramLabel = "ADDR",
            description = "The agent, http://HOST:PORT. Default: $SERVE_AGENT_ADDRESS, else $RAY_AGENT_ADDRESS,"
                    + " else the node started from this installation (serve start), else http://localhost:52365.")
    String address;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    final CliEnvironment environment;

    AgentCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    Verbs verbs() {
        return new Verbs(new AgentClient(AgentAddress.resolve(address, environment.env(), this::localNode),
                AgentAddress.token(environment.env())));
    }

    /** The agent of the node this installation started, if it runs (outside a distribution: none). */
    private String localNode() {
        if (environment.serveHome() == null) {
            return null;
        }
        try {
            return NodeCommand.localNode(environment, Duration.ofSeconds(1)).running()
                    .map(node -> node.settings().agentAddress()).orElse(null);
        } catch (UserError unreadable) {
            return null; // a damaged record: the default address, as without one
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    void print(String text) {
        out().println(text);
        out().flush();
    }
}
