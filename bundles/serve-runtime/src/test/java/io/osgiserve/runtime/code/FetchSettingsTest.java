package io.osgiserve.runtime.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osgiserve.config.NodeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fetch limits are node settings with the documented defaults. */
class FetchSettingsTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        FetchLimits d = FetchLimits.defaults();
        assertThat(d.maxArtifactBytes()).isEqualTo(256L << 20);
        assertThat(d.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.maxRedirects()).isEqualTo(5);
        assertThat(d.zipMaxEntries()).isEqualTo(65536);
        assertThat(d.zipMaxUncompressedBytes()).isEqualTo(1L << 30);
        assertThat(d.cacheMaxBytes()).isEqualTo(2L << 30);
        assertThat(d.allowedFileRoots()).isEmpty();
    }

    @Test
    void settingsOverrideTheDefaults() {
        Map<String, String> values = Map.of(
                "serve.code.max_artifact_size", "16m",
                "serve.code.fetch_timeout", "2s",
                "serve.code.max_redirects", "1",
                "serve.code.zip.max_entries", "100",
                "serve.code.zip.max_uncompressed", "64m",
                "serve.code.cache.max_size", "512m",
                "serve.code.file.allowed_roots", "/srv/apps, /opt/serve");
        FetchLimits l = FetchLimits.from(NodeSettings.from(values::get));
        assertThat(l).isEqualTo(new FetchLimits(16L << 20, Duration.ofSeconds(2), 1, 100, 64L << 20, 512L << 20,
                java.util.List.of(Path.of("/srv/apps"), Path.of("/opt/serve"))));
    }

    @Test
    void aSettingThatDoesNotParseIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> FetchLimits.from(NodeSettings.from(Map.of("serve.code.max_artifact_size", "huge")::get)))
                .hasMessageStartingWith("serve.code.max_artifact_size: 'huge' is not a size");
    }

    @Test
    void everyCodeSettingIsListedWithADescription() {
        assertThat(NodeSettings.ALL).filteredOn(s -> s.key().startsWith("serve.code.") || s.key().startsWith("serve.maven."))
                .hasSize(10).allSatisfy(s -> assertThat(s.description()).isNotBlank());
    }
}
