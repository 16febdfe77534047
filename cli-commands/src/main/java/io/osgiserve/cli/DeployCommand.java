package io.osgiserve.cli;

import io.osgiserve.cli.verbs.ConfigFile;
import io.osgiserve.cli.verbs.DeployWatch;
import io.osgiserve.cli.verbs.UserError;
import io.osgiserve.cli.verbs.Verbs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "deploy", description = {
        "Validate a config file (either form) locally and send it to the node's agent.",
        "Or deploy IMPORT_PATH as one application, with --name and key=value args for its builder.",
        "The node then updates the application towards it in the background."})
final class DeployCommand extends AgentCommand {
    @Parameters(index = "0", paramLabel = "FILE|IMPORT_PATH",
            description = "The config, YAML or JSON (.json); or an import path (module:attribute).")
    String target;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE",
            description = "With an import path: args for the application builder (values are text).")
    List<String> args = new ArrayList<>();

    @Option(names = {"--name", "-n"}, paramLabel = "NAME",
            description = "With an import path: the application's name (default: default).")
    String name;

    @Option(names = "--wait", description = "Wait until the application is RUNNING (exit 0) or DEPLOY_FAILED (exit 1),"
            + " showing each deployment's ready/target replicas.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "With --wait: give up after this long (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    DeployCommand(CliEnvironment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        ConfigFile config = ConfigFile.forDeploy(Path.of(""), target, name, args);
        Verbs verbs = verbs();
        if (!await) {
            print(verbs.deploy(config));
            return 0;
        }
        DeployWatch.Outcome outcome = verbs.deployAndWait(config, this::print, environment.poll(),
                Duration.ofSeconds(timeoutSeconds));
        if (!outcome.running()) {
            throw new UserError("The deploy failed (" + outcome.status() + ")"
                    + (outcome.message().isEmpty() ? "." : ": " + outcome.message()));
        }
        return 0;
    }
}
