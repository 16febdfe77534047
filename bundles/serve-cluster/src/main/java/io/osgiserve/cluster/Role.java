package io.osgiserve.cluster;

/** What this member may do. */
public enum Role {
    /** The oldest member, and it sees a quorum: it makes the decisions (runs the reconciler). */
    LEADER,
    /** Sees a quorum, and an older member leads. */
    FOLLOWER,
    /** Does not see a majority of the largest membership it has known (or was just paused): decides nothing. */
    NO_QUORUM
}
