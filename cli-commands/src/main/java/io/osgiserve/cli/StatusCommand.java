package io.osgiserve.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", description = {
        "Print each application's and its deployments' status as YAML (current Ray's shape).",
        "While the node runs an application deployed through the V1 API: Ray 2.0's shape."})
final class StatusCommand extends AgentCommand {
    @Option(names = {"-n", "--name"}, paramLabel = "APP", description = "Only this application's status.")
    String name;

    StatusCommand(CliEnvironment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        print(verbs().status(name));
        return 0;
    }
}
