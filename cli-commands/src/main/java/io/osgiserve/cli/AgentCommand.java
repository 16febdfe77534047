package io.osgiserve.cli;

import io.osgiserve.cli.verbs.Verbs;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that talks to an agent: the {@code -a/--address} option and the shared {@link Verbs}. */
abstract class AgentCommand implements Callable<Integer> {
    @Option(names = {"-a", "--address"}, paramLabel = "ADDR",
            description = "The agent, http://HOST:PORT or https://HOST:PORT. Default: $SERVE_AGENT_ADDRESS, else $RAY_DASHBOARD_ADDRESS,"
                    + " else $RAY_AGENT_ADDRESS,"
                    + " else the node started from this installation (serve start), else http://localhost:52365.")
    String address;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The agent's token. Default: $SERVE_AGENT_TOKEN, else $RAY_AUTH_TOKEN, else the agent.token"
                    + " of the node started from this installation.")
    String token;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "PEM file of the CA (or self-signed certificate) to trust for an https:// agent."
                    + " Default: $SERVE_AGENT_CACERT, else the certificate of the node started from this installation.")
    String cacert;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    final CliEnvironment environment;

    AgentCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    Verbs verbs() {
        return new Verbs(AgentConnection.client(environment, address, token, cacert));
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    void print(String text) {
        out().println(text);
        out().flush();
    }
}
