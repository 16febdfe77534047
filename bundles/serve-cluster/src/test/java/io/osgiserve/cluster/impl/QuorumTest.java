package io.osgiserve.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.osgiserve.cluster.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumTest {
    @Test
    void theOldestMemberSeeingAMajorityLeads() {
        assertThat(Quorum.role(List.of("a", "b", "c"), "a", 3, false)).isEqualTo(Role.LEADER);
        assertThat(Quorum.role(List.of("a", "b", "c"), "b", 3, false)).isEqualTo(Role.FOLLOWER);
        assertThat(Quorum.role(List.of("b", "c"), "b", 3, false)).isEqualTo(Role.LEADER);
    }

    @Test
    void aMemberAloneOutOfThreeDecidesNothingEvenWhenOldest() {
        assertThat(Quorum.role(List.of("a"), "a", 3, false)).isEqualTo(Role.NO_QUORUM);
        assertThat(Quorum.role(List.of("a", "b"), "a", 4, false)).isEqualTo(Role.NO_QUORUM);
    }

    @Test
    void aFirstMemberAloneLeads() {
        assertThat(Quorum.role(List.of("a"), "a", 0, false)).isEqualTo(Role.LEADER);
    }

    @Test
    void aPausedMemberDecidesNothing() {
        assertThat(Quorum.role(List.of("a", "b", "c"), "a", 3, true)).isEqualTo(Role.NO_QUORUM);
    }
}
