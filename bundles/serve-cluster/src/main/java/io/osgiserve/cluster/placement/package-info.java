/**
 * Where replicas run: plain Java, no cluster engine. {@link io.osgiserve.cluster.placement.Placement}
 * spreads each deployment's replicas over the nodes that have room for them, against what each node
 * declares ({@link io.osgiserve.cluster.placement.NodeCapacity}), and says why a replica that fits
 * nowhere is pending.
 */
@Export
@Version("1.0.0")
package io.osgiserve.cluster.placement;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
