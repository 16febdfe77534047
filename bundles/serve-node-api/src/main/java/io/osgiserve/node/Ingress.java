package io.osgiserve.node;

import java.io.IOException;

/**
 * The HTTP server of the application, registered as a service by the HTTP bundle. The node opens it
 * with the config's host and port on the first deploy and closes it on shutdown.
 */
public interface Ingress {
    /** Starts listening (a no-op if already open on the same address). */
    void open(String host, int port, RouteSource routes) throws IOException;

    /** Stops listening; afterwards the port refuses connections. */
    void close();

    /** Where the ingress reads the current route table on every request. */
    interface RouteSource {
        RouteTable current();
    }
}
