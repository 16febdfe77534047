package io.osgiserve.cli;

import picocli.CommandLine.Command;

@Command(name = "nodes", description = {"Print the cluster's nodes as YAML: address, state, resources, used, replicas.",
        "A node that is not in a cluster lists none."})
final class NodesCommand extends AgentCommand {
    NodesCommand(CliEnvironment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        print(verbs().nodes());
        return 0;
    }
}
