package io.osgiserve.cli;

import io.osgiserve.cli.client.AgentClient;
import io.osgiserve.cli.client.AgentException;
import io.osgiserve.cli.node.LocalNode;
import io.osgiserve.cli.node.NodeRecord;
import io.osgiserve.cli.verbs.ConfigFile;
import io.osgiserve.cli.verbs.DeployWatch;
import io.osgiserve.cli.verbs.UserError;
import io.osgiserve.cli.verbs.Verbs;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = {
        "Run a node in the foreground with one application; Ctrl-C stops it.",
        "The application is a config file, or an import path (module:attribute) whose code the node has."})
final class RunCommand extends NodeCommand {
    @Parameters(paramLabel = "CONFIG_OR_IMPORT_PATH",
            description = "A config file (YAML, or JSON ending in .json), or an import path such as fruit:deployment_graph.")
    String target;

    /** Set by the shutdown hook (Ctrl-C): from then on only the hook prints. */
    private volatile boolean stopping;
    private volatile AgentClient agent;

    RunCommand(CliEnvironment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        ConfigFile config = configOf(target);
        LocalNode node = node();
        // A node that was running before is not ours to stop: refuse before the hook is in place.
        node.refuseIfRunning();
        // Before the start, so that a Ctrl-C while the node comes up stops it too.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnExit(node), "serve-run-stop"));
        NodeRecord record = start(node);
        this.agent = AgentConnection.client(environment, record.settings().agentAddress(), token, null);
        printStarted(record);
        PrintWriter out = out();
        out.println("Press Ctrl-C to stop the node.");
        out.flush();

        // what the node brought back from its last run (goal.json) is replaced, as Ray's serve run does:
        // left in place, applications of the other API would refuse this deploy
        agent.shutdown();
        new Verbs(agent).send(config);
        DeployWatch watch = new DeployWatch(agent, environment.poll(), Duration.ZERO);
        String last = null;
        while (!stopping) {
            if (node.running().isEmpty()) {
                throw new UserError("The node stopped; its output is in " + node.logFile() + ".", null, node.logTail());
            }
            String line;
            try {
                line = watch.progress();
            } catch (AgentException e) {
                line = e.getMessage();
            }
            if (line.startsWith("DEPLOY_FAILED")) {
                line = "The deploy failed: " + watch.failureMessage();
            }
            if (!line.equals(last) && !stopping) {
                out.println(line);
                out.flush();
                last = line;
            }
            try {
                Thread.sleep(environment.poll().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        return 0;
    }

    static ConfigFile configOf(String target) {
        String lower = target.toLowerCase(Locale.ROOT);
        boolean file = Files.exists(Path.of(target))
                || lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json");
        return file ? ConfigFile.read(Path.of(target)) : ConfigFile.ofImportPath(target);
    }

    private void stopOnExit(LocalNode node) {
        stopping = true;
        if (node.running().isEmpty()) {
            return;
        }
        PrintWriter out = out();
        out.println("Stopping the serve node...");
        out.flush();
        AgentClient client = agent;
        if (client != null) {
            try {
                // like Ray's serve run: Ctrl-C takes the application down, so the next node starts empty
                client.shutdown();
            } catch (RuntimeException e) {
                // the node is stopped next either way
            }
        }
        out.println(StopCommand.describe(node.stop()));
        out.flush();
    }
}
