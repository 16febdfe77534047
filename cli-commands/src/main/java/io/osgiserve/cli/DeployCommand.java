package io.osgiserve.cli;

import io.osgiserve.cli.verbs.DeployWatch;
import io.osgiserve.cli.verbs.UserError;
import io.osgiserve.cli.verbs.Verbs;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "deploy", description = {
        "Validate a config file locally and send it to the node's agent.",
        "The node then updates the application towards it in the background."})
final class DeployCommand extends AgentCommand {
    @Parameters(paramLabel = "FILE", description = "The application config, YAML or JSON (.json).")
    Path file;

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
        Verbs verbs = verbs();
        if (!await) {
            print(verbs.deploy(file));
            return 0;
        }
        DeployWatch.Outcome outcome = verbs.deployAndWait(file, this::print, environment.poll(),
                Duration.ofSeconds(timeoutSeconds));
        if (!outcome.running()) {
            throw new UserError("The deploy failed (" + outcome.status() + ")"
                    + (outcome.message().isEmpty() ? "." : ": " + outcome.message()));
        }
        return 0;
    }
}
