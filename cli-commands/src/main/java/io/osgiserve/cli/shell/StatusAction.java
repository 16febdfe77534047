package io.osgiserve.cli.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "serve", name = "status", description = "Prints each application's and deployment's status as YAML (Ray 2.0's shape for a V1 application).")
public class StatusAction implements Action {
    @Option(name = "-a", aliases = "--address", description = "The agent, http://HOST:PORT (default: this node's).")
    String address;

    @Option(name = "-n", aliases = "--name", description = "Only this application.")
    String name;

    @Reference
    BundleContext context;

    @Override
    public Object execute() {
        System.out.println(NodeAgent.verbs(address, context).status(name));
        return null;
    }
}
