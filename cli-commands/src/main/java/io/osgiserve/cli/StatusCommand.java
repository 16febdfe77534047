package io.osgiserve.cli;

import picocli.CommandLine.Command;

@Command(name = "status", description = "Print the application's status and each deployment's, as YAML.")
final class StatusCommand extends AgentCommand {
    StatusCommand(CliEnvironment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        print(verbs().status());
        return 0;
    }
}
