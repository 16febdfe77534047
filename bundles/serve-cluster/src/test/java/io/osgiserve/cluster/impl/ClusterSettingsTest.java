package io.osgiserve.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osgiserve.config.NodeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSettingsTest {
    private static final String TOKEN = "a-cluster-token-of-the-head-0123456789";
    @TempDir
    Path dataDir;
    private final Map<String, String> values = new HashMap<>(Map.of("serve.cluster.token", TOKEN));

    private ClusterSettings settings() {
        return ClusterSettings.from(NodeSettings.from(values::get), "n1", dataDir);
    }

    @Test
    void declaredCpusMemoryAndResourcesAreWhatTheNodeOffers() {
        values.putAll(Map.of("serve.cluster.num_cpus", "2", "serve.cluster.memory", "1g",
                "serve.cluster.resources", "{\"GPU\": 1, \"fast_disk\": 0.5}", "serve.cluster.members", "10.0.0.1:5701, 10.0.0.2:5701"));
        ClusterSettings s = settings();
        assertThat(s.offered().cpus()).isEqualTo(2);
        assertThat(s.offered().memory()).isEqualTo(1L << 30);
        assertThat(s.offered().custom()).isEqualTo(Map.of("GPU", 1.0, "fast_disk", 0.5));
        assertThat(s.members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
    }

    @Test
    void withoutASettingTheNodeOffersItsCores() {
        assertThat(settings().offered().cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void resourcesThatAreNotAnObjectOfNonNegativeNumbersAreRefusedInOneLine() {
        for (String bad : new String[] {"[1]", "{\"GPU\": -1}", "{\"GPU\": \"many\"}", "{not json", "{\"\": 1}"}) {
            values.put("serve.cluster.resources", bad);
            assertThatThrownBy(this::settings).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("serve.cluster.resources: ").hasMessageNotContaining("\n");
        }
    }

    @Test
    void moreThanSixtyFourResourcesAreRefused() {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 65; i++) {
            many.append(i == 0 ? "" : ",").append("\"r").append(i).append("\": 1");
        }
        values.put("serve.cluster.resources", many.append('}').toString());
        assertThatThrownBy(this::settings).hasMessage("serve.cluster.resources: at most 64 resources");
    }

    @Test
    void membersMustBeHostAndOnePort() {
        values.put("serve.cluster.members", "10.0.0.1:5801-5803");
        assertThatThrownBy(this::settings).hasMessageContaining("ranges are not taken");
        values.put("serve.cluster.members", "10.0.0.1");
        assertThatThrownBy(this::settings).hasMessageContaining("is not host:port");
        values.put("serve.cluster.members", "10.0.0.1:70000");
        assertThatThrownBy(this::settings).hasMessageContaining("no port between 1 and 65535");
    }

    @Test
    void portZeroIsRefusedBecauseOtherNodesMustKnowIt() {
        values.put("serve.cluster.port", "0");
        assertThatThrownBy(this::settings).hasMessageContaining("0 is not allowed");
    }

    @Test
    void theTokenComesFromTheAgentTokenFileWhenNotSet() throws Exception {
        values.remove("serve.cluster.token");
        assertThatThrownBy(this::settings).hasMessageContaining("the cluster needs the agent token");
        Files.writeString(dataDir.resolve("agent.token"), TOKEN + "\n");
        assertThat(settings().token()).isEqualTo(TOKEN);
        Files.write(dataDir.resolve("agent.token"), new byte[8192]);
        assertThatThrownBy(this::settings).hasMessageContaining("larger than a token");
    }

    @Test
    void theClusterIdentityDependsOnTheTokenAndDoesNotRevealIt() {
        ClusterIdentity one = ClusterIdentity.of(TOKEN);
        ClusterIdentity other = ClusterIdentity.of(TOKEN + "x");
        assertThat(one).isEqualTo(ClusterIdentity.of(TOKEN));
        assertThat(one.clusterName()).isNotEqualTo(other.clusterName());
        assertThat(one.joinSecret()).isNotEqualTo(other.joinSecret()).doesNotContain(TOKEN);
        assertThat(one.clusterName()).doesNotContain(TOKEN);
        assertThatThrownBy(() -> ClusterIdentity.of("short")).hasMessageContaining("too short");
    }
}
