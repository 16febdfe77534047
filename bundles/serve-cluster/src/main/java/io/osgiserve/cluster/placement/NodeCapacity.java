package io.osgiserve.cluster.placement;

import java.util.Objects;

/** A node that can take replicas, and what it declares it offers ({@code --num-cpus}, {@code --resources}). */
public record NodeCapacity(String nodeId, Resources offered) {
    public NodeCapacity {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(offered, "offered");
    }
}
