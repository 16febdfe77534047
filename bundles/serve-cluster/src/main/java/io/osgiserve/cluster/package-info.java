/**
 * The cluster as the rest of a node sees it: the members, this member's {@link io.osgiserve.cluster.Role},
 * and the cluster's fenced state (the goal, the assignments), where every leader write is a compare-and-set
 * on a generation number so that a stale leader cannot overwrite newer state.
 */
@Export
@Version("1.1.0")
package io.osgiserve.cluster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
