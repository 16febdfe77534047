package io.osgiserve.cluster;

import io.osgiserve.cluster.placement.Resources;

/** A member of the cluster: the serve node id, the member's host:port, and what it offers to replicas. */
public record ClusterNode(String nodeId, String address, Resources offered) {
}
