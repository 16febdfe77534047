package io.osgiserve.cli.shell;

import io.osgiserve.cli.verbs.Verbs;
import java.io.IOException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "serve", name = "shutdown", description = "Deletes the application (the node keeps running).")
public class ShutdownAction implements Action {
    @Option(name = "-y", aliases = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Option(name = "-a", aliases = "--address", description = "The agent, http://HOST:PORT (default: this node's).")
    String address;

    @Reference
    BundleContext context;

    @Reference
    Session session;

    @Override
    public Object execute() throws IOException {
        if (!yes && !Verbs.confirms(session.readLine(Verbs.SHUTDOWN_QUESTION + " ", null))) {
            System.out.println(Verbs.SHUTDOWN_CANCELLED);
            return null;
        }
        System.out.println(NodeAgent.verbs(address, context).shutdown());
        return null;
    }
}
