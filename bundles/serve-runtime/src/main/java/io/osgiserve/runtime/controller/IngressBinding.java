package io.osgiserve.runtime.controller;

import io.osgiserve.node.DeployRefusedException;
import io.osgiserve.node.Ingress;
import io.osgiserve.node.RouteTable;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The ingress server as the application's config wants it: opened on the config's host and port at
 * the first deploy (or when the ingress service appears), refused when a deploy asks for another
 * address while it listens, closed at shutdown. Binding a port is I/O: it happens on the caller's
 * thread (an agent request, SCR), never on the reconcile loop; this object guards itself.
 */
final class IngressBinding {
    private final String defaultHost;
    private final int defaultPort;
    private final Supplier<RouteTable> routes;
    private Ingress ingress;
    private String address;
    private String wantedHost;
    private int wantedPort;
    private String failure;
    /** False under proxy_location HeadOnly on a node that is not the head: the port stays closed. */
    private boolean here = true;

    IngressBinding(String defaultHost, int defaultPort, Supplier<RouteTable> routes) {
        this.defaultHost = defaultHost;
        this.defaultPort = defaultPort;
        this.routes = routes;
    }

    String hostOf(io.osgiserve.config.AppConfig c) {
        return c.hostWritten() ? c.host() : defaultHost;
    }

    int portOf(io.osgiserve.config.AppConfig c) {
        return c.portWritten() ? c.port() : defaultPort;
    }

    /** A deploy of {@code config}: refused if the ingress listens elsewhere; opens it if it does not listen yet. */
    synchronized void claim(io.osgiserve.config.AppConfig config) throws DeployRefusedException {
        String host = hostOf(config);
        int port = portOf(config);
        String wanted = host + ":" + port;
        if (address != null && !address.equals(wanted)) {
            throw new DeployRefusedException("the ingress already listens on " + address + " and this config asks for "
                    + wanted + "; shut the application down first (serve shutdown), then deploy again");
        }
        wantedHost = host;
        wantedPort = port;
        if (here && ingress != null && address == null) {
            try {
                ingress.open(host, port, routes::get);
                address = wanted;
                failure = null;
            } catch (IOException e) {
                throw new DeployRefusedException("cannot serve HTTP on " + wanted + ": " + e.getMessage()
                        + "; free that port or set another `port` in the config");
            }
        }
    }

    /** At node start: the stored goal wants the ingress; a busy port is reported, not thrown. */
    synchronized void restore(io.osgiserve.config.AppConfig config) {
        wantedHost = hostOf(config);
        wantedPort = portOf(config);
        open();
    }

    /** The ingress service appeared (or went away, with null). */
    synchronized void service(Ingress in) {
        if (in == null) {
            address = null;
        }
        ingress = in;
        if (in != null && wantedHost != null) {
            open();
        }
    }

    /** Whether this node serves HTTP at all (proxy_location): off closes the port, on opens it if a config wants it. */
    synchronized void here(boolean on) {
        here = on;
        if (!on) {
            if (ingress != null && address != null) {
                ingress.close();
            }
            address = null;
            failure = null;
        } else if (wantedHost != null) {
            open();
        }
    }

    synchronized void close() {
        if (ingress != null && address != null) {
            ingress.close();
        }
        address = null;
        wantedHost = null;
        failure = null;
    }

    /** Why the ingress could not open; the application cannot be RUNNING meanwhile. */
    synchronized String failure() {
        return failure;
    }

    private void open() {
        if (!here || ingress == null || address != null) {
            return;
        }
        try {
            ingress.open(wantedHost, wantedPort, routes::get);
            address = wantedHost + ":" + wantedPort;
            failure = null;
        } catch (IOException e) {
            failure = "cannot serve HTTP on " + wantedHost + ":" + wantedPort + ": " + e.getMessage()
                    + "; free the port and restart the node, or shut the application down and deploy it with another port";
        }
    }
}
