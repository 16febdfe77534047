package io.osgiserve.cli;

import io.osgiserve.cli.client.AgentClient;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = {"Print recent lines of the node's log, of one deployment or all.",
        "A deployment's lines name one of its replicas or are its access-log lines. With -f, keep printing"
                + " new lines until interrupted."})
final class LogsCommand extends AgentCommand {
    /** What a follower asks for at once (the agent's own bound; it answers 400 past it). */
    private static final int PAGE = 1000;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DEPLOYMENT", description = "The deployment whose lines to print.")
    String deployment;

    @Option(names = {"-f", "--follow"}, description = "Keep printing lines as the node writes them (Ctrl-C stops).")
    boolean follow;

    @Option(names = {"--tail"}, paramLabel = "N", defaultValue = "100",
            description = "How many recent lines to print first, 1 to 1000. Default: ${DEFAULT-VALUE}.")
    int lines;

    LogsCommand(CliEnvironment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        AgentClient agent = verbs().agent();
        AgentClient.LogPage page = agent.logs(deployment, null, lines);
        print(page.lines());
        // -f asks every 10 polls (1 s) for what came after the cursor; each answer is bounded by the agent
        Duration every = environment.poll().multipliedBy(10);
        while (follow) {
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            try {
                do {
                    page = agent.logs(deployment, page.cursor(), PAGE);
                    print(page.lines());
                } while (page.more()); // the node has more after this page: read on at once
            } catch (io.osgiserve.cli.client.AgentException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return 0; // Ctrl-C (or an embedding shell) stopped a call on its way
                }
                throw e;
            }
        }
        return 0;
    }

    private void print(java.util.List<String> text) {
        text.forEach(out()::println);
        out().flush();
    }
}
