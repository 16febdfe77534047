package io.osgiserve.cli;

import io.osgiserve.cli.verbs.ApplicationConfigBuilder;
import io.osgiserve.cli.verbs.ApplicationJars;
import io.osgiserve.cli.verbs.UserError;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "build", description = {
        "Write a config listing every deployment of an application and its options.",
        "Each option is what the code sets, else the default. Needs no node."})
final class BuildCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IMPORT_PATH", description = "The application, module:attribute (fruit:deployment_graph).")
    String importPath;

    @Option(names = {"-o", "--output-path"}, paramLabel = "FILE", description = "Write the config here instead of stdout.")
    Path output;

    @Option(names = "--working-dir", paramLabel = "URI",
            description = "A jar, or a directory of jars (file: URI or path), holding the application; repeatable."
                    + " The distribution's examples are always searched.")
    List<String> workingDirs = new ArrayList<>();

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    private final CliEnvironment environment;

    BuildCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {
        Path examples = environment.serveHome() == null ? null : environment.serveHome().resolve("examples");
        String yaml;
        try (URLClassLoader loader = ApplicationJars.classLoader(workingDirs, examples, BuildCommand.class.getClassLoader())) {
            yaml = ApplicationConfigBuilder.buildYaml(importPath, loader);
        }
        if (output == null) {
            spec.commandLine().getOut().print(yaml);
            spec.commandLine().getOut().flush();
        } else {
            try {
                Files.writeString(output, yaml, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserError("Cannot write " + output + ": " + e.getMessage(), e);
            }
        }
        return 0;
    }
}
