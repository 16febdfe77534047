package io.osgiserve.cluster;

/** A value of the cluster's state (JSON text) and the generation that wrote it; generations start at 1. */
public record Versioned(long generation, String json) {
}
