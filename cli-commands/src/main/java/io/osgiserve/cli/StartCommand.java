package io.osgiserve.cli;

import io.osgiserve.cli.node.NodeRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "start", description = {
        "Start a node of this installation in the background (like ray start --head).",
        "Returns once its agent answers."})
final class StartCommand extends NodeCommand {
    @Option(names = "--head", description = "Start a head node (every node is one until clustering exists).")
    boolean head;

    StartCommand(CliEnvironment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        NodeRecord node = start(node());
        printStarted(node);
        out().println("To stop the node: serve stop");
        out().flush();
        return 0;
    }
}
