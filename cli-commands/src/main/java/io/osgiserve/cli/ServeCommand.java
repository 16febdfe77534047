package io.osgiserve.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code serve}: the root; it only holds the subcommands and the options every one of them takes. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = ServeVersion.class,
        description = "Deploy and inspect Java applications on an osgi-serve node.")
final class ServeCommand implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
