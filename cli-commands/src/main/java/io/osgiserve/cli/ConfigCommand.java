package io.osgiserve.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "config", description = {
        "Print the goal state as YAML: the config last deployed.",
        "One document per application, joined by ---."})
final class ConfigCommand extends AgentCommand {
    @Option(names = {"-n", "--name"}, paramLabel = "APP", description = "Only this application's config.")
    String name;

    ConfigCommand(CliEnvironment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        print(verbs().config(name));
        return 0;
    }
}
