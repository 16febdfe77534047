package io.osgiserve.node;

import java.net.URI;

/**
 * The node's internal port as other nodes reach it (registered by the HTTP bundle once it listens), so
 * the cluster can publish it beside the node's replicas: {@code http(s)://host:port}.
 */
public interface InternalEndpoint {
    URI internalAddress();
}
