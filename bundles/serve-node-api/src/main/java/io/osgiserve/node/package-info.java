/**
 * The node as the HTTP faces see it: the agent's operations ({@link ServeNode}), the ingress's route
 * table ({@link RouteTable}), the ingress server the node opens and closes ({@link Ingress}), and the
 * request ids both sides log ({@link RequestIds}).
 */
@Export
@Version("1.3.0")
package io.osgiserve.node;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
