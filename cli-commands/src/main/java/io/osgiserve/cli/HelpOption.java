package io.osgiserve.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} for every subcommand. */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
