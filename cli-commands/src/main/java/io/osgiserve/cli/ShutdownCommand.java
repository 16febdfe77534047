package io.osgiserve.cli;

import io.osgiserve.cli.verbs.Verbs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "shutdown", description = "Delete the application from the node (the node keeps running).")
final class ShutdownCommand extends AgentCommand {
    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    ShutdownCommand(CliEnvironment environment) {
        super(environment);
    }

    @Override
    public Integer call() throws IOException {
        if (!yes) {
            out().print(Verbs.SHUTDOWN_QUESTION + " ");
            out().flush();
            // Not closed: it is the process' standard input.
            BufferedReader in = new BufferedReader(new InputStreamReader(environment.in(), Charset.defaultCharset()));
            if (!Verbs.confirms(in.readLine())) {
                print(Verbs.SHUTDOWN_CANCELLED);
                return 1; // as the reference: not confirmed is aborted, and scripts see it
            }
        }
        print(verbs().shutdown());
        return 0;
    }
}
