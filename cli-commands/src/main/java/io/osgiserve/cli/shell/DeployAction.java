package io.osgiserve.cli.shell;

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
        description = "Validates a config file (YAML, or JSON ending in .json) and sends it to the agent.")
public class DeployAction implements Action {
    @Argument(index = 0, name = "file", required = true, description = "The application config file.")
    @Completion(ConfigFileCompleter.class)
    String file;

    @Option(name = "-a", aliases = "--address", description = "The agent, http://HOST:PORT (default: this node's).")
    String address;

    @Reference
    BundleContext context;

    @Reference
    Session session;

    @Override
    public Object execute() {
        System.out.println(NodeAgent.verbs(address, context).deploy(session.currentDir().resolve(file)));
        return null;
    }
}
