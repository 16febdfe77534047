package io.osgiserve.cli.shell;

import io.osgiserve.cli.verbs.ConfigFile;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "serve", name = "deploy",
        description = "Validates a config file (either form; YAML, or JSON ending in .json) and sends it to the agent;"
                + " or deploys IMPORT_PATH as one application, with --name and key=value args for its builder.")
public class DeployAction implements Action {
    @Argument(index = 0, name = "file", required = true, description = "The config file, or an import path (module:attribute).")
    @Completion(ConfigFileCompleter.class)
    String file;

    @Argument(index = 1, name = "args", multiValued = true,
            description = "With an import path: KEY=VALUE args for the application builder (values are text).")
    List<String> args = new ArrayList<>();

    @Option(name = "-n", aliases = "--name", description = "With an import path: the application's name (default: default).")
    String name;

    @Option(name = "-a", aliases = "--address", description = "The agent, http://HOST:PORT (default: this node's).")
    String address;

    @Reference
    BundleContext context;

    @Reference
    Session session;

    @Override
    public Object execute() {
        System.out.println(NodeAgent.verbs(address, context).deploy(
                ConfigFile.forDeploy(session.currentDir(), file, name, args == null ? List.of() : args)));
        return null;
    }
}
