package io.osgiserve.cluster.impl;

import io.osgiserve.cluster.Role;
import java.util.List;

/** The leadership rule: the oldest member leads when it sees a majority of the largest membership it has known. */
final class Quorum {
    private Quorum() {
    }

    static boolean present(int seen, int largestKnown) {
        return seen > Math.max(seen, largestKnown) / 2;
    }

    /**
     * @param membersOldestFirst node ids as this member sees them
     * @param holding this member was just paused, or its engine does not yet take writes
     */
    static Role role(List<String> membersOldestFirst, String self, int largestKnown, boolean holding) {
        if (holding || !present(membersOldestFirst.size(), largestKnown)) {
            return Role.NO_QUORUM;
        }
        return membersOldestFirst.get(0).equals(self) ? Role.LEADER : Role.FOLLOWER;
    }
}
