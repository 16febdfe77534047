package io.osgiserve.cli;

import picocli.CommandLine.Command;

@Command(name = "config", description = "Print the application's goal state: the config last deployed, as YAML.")
final class ConfigCommand extends AgentCommand {
    ConfigCommand(CliEnvironment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        print(verbs().config());
        return 0;
    }
}
