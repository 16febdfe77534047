package io.osgiserve.cli;

import io.osgiserve.cli.node.NodeRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "start", description = {
        "Start a node of this installation in the background (like ray start --head).",
        "Returns once its agent answers."})
final class StartCommand extends NodeCommand {
    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    StartCommand(CliEnvironment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        NodeRecord node = start(node(), cluster);
        printStarted(node);
        out().println("To stop the node: serve stop");
        out().flush();
        return 0;
    }
}
