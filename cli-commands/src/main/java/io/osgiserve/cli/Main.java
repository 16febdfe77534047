package io.osgiserve.cli;

import io.osgiserve.cli.client.AgentException;
import io.osgiserve.cli.verbs.UserError;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The {@code serve} command line. Every error is one line on stderr and exit code 1; {@code --verbose} adds the stack trace. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(CliEnvironment.ofProcess()).execute(args));
    }

    /** The command line with all its commands; set out/err on it before executing. */
    public static CommandLine commandLine(CliEnvironment environment) {
        CommandLine cli = new CommandLine(new ServeCommand());
        cli.addSubcommand(new StartCommand(environment));
        cli.addSubcommand(new StopCommand(environment));
        cli.addSubcommand(new DeployCommand(environment));
        cli.addSubcommand(new ConfigCommand(environment));
        cli.addSubcommand(new StatusCommand(environment));
        cli.addSubcommand(new NodesCommand(environment));
        cli.addSubcommand(new ShutdownCommand(environment));
        cli.addSubcommand(new LogsCommand(environment));
        cli.addSubcommand(new RunCommand(environment));
        cli.addSubcommand(new BuildCommand(environment));
        cli.addSubcommand("help", new picocli.CommandLine.HelpCommand());
        cli.setExecutionStrategy(parsed -> {
            warnIfWithoutAuth(environment, parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setExecutionExceptionHandler(Main::report);
        cli.setParameterExceptionHandler(Main::usageError);
        return cli;
    }

    /** On stderr, so that no output a script reads (serve status's YAML) changes; start and run say it once started. */
    private static void warnIfWithoutAuth(CliEnvironment environment, ParseResult parsed) {
        ParseResult last = parsed;
        while (last.subcommand() != null) {
            last = last.subcommand();
        }
        if (last.commandSpec().userObject() instanceof NodeCommand || last.isUsageHelpRequested()) {
            return;
        }
        if (AgentConnection.localNodeWithoutAuth(environment)) {
            PrintWriter err = parsed.commandSpec().commandLine().getErr();
            err.println(NodeCommand.NO_AUTH_WARNING);
            err.flush();
        }
    }

    private static int report(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (e instanceof UserError user) {
            user.context().forEach(err::println);
            err.println(user.getMessage());
        } else if (e instanceof AgentException) {
            err.println(e.getMessage());
        } else {
            err.println("Unexpected error: " + e + (verbose(parsed) ? "" : " (run again with --verbose for details)"));
        }
        if (verbose(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getMessage() + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return 1;
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
