package io.osgiserve.cli.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "serve", name = "config", description = "Prints the application's goal state (the config last deployed) as YAML.")
public class ConfigAction implements Action {
    @Option(name = "-a", aliases = "--address", description = "The agent, http://HOST:PORT (default: this node's).")
    String address;

    @Reference
    BundleContext context;

    @Override
    public Object execute() {
        System.out.println(NodeAgent.verbs(address, context).config());
        return null;
    }
}
