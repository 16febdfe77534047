/**
 * The node as the HTTP faces see it: the agent's operations ({@link ServeNode}), the ingress's route
 * table ({@link RouteTable}), and the ingress server the node opens and closes ({@link Ingress}).
 */
@Export
@Version("1.2.0")
package io.osgiserve.node;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
