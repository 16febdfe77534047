package io.osgiserve.cli;

import io.osgiserve.cli.node.LocalNode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "stop", description = "Stop the node started from this installation (like ray stop).")
final class StopCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    private final CliEnvironment environment;

    StopCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Optional<LocalNode.Stopped> stopped = NodeCommand.localNode(environment, Duration.ofSeconds(1)).stop();
        spec.commandLine().getOut().println(describe(stopped));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static String describe(Optional<LocalNode.Stopped> stopped) {
        if (stopped.isEmpty()) {
            return "No node is running.";
        }
        long pid = stopped.get().record().pid();
        if (!stopped.get().wasRunning()) {
            return "No node is running (removed the record of pid " + pid + ", which had exited).";
        }
        return stopped.get().forced()
                ? "Stopped the serve node (pid " + pid + "): it did not exit in time and was killed."
                : "Stopped the serve node (pid " + pid + ").";
    }
}
