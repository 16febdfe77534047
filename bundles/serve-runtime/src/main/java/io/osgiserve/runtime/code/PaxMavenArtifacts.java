package io.osgiserve.runtime.code;

import io.osgiserve.config.NodeSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.function.Function;
import org.ops4j.pax.url.mvn.MavenResolver;
import org.ops4j.pax.url.mvn.MavenResolvers;

/**
 * Maven resolution by pax-url-aether (Maven Resolver inside; in Karaf it is the node's own {@code mvn:}
 * handler), used as a library with the node's settings, so the same code runs in Karaf, in a bare
 * framework and in unit tests: the local repository, and remote repositories only when configured
 * (offline otherwise). Remote downloads are the operator's configured repositories; what they deliver
 * is read into the node within the size limit like any other file.
 */
public final class PaxMavenArtifacts implements MavenArtifacts {
    private static final String PID = "org.ops4j.pax.url.mvn";

    private final Path localRepository;
    private final List<String> remoteRepositories;
    private final Duration timeout;
    private MavenResolver resolver;

    public PaxMavenArtifacts(Path localRepository, List<String> remoteRepositories, Duration timeout) {
        this.localRepository = localRepository;
        this.remoteRepositories = List.copyOf(remoteRepositories);
        this.timeout = timeout;
    }

    /** From the node's settings; {@code properties} supplies maven.repo.local and user.home. */
    public static PaxMavenArtifacts from(NodeSettings settings, Function<String, String> properties) {
        String local = settings.text(NodeSettings.CODE_MAVEN_REPOSITORY);
        if (local.isEmpty()) {
            local = properties.apply("maven.repo.local");
        }
        Path repository = local != null && !local.isBlank() ? Paths.get(local)
                : Paths.get(System.getProperty("user.home"), ".m2", "repository");
        return new PaxMavenArtifacts(repository, settings.list(NodeSettings.CODE_MAVEN_REMOTE_REPOSITORIES),
                settings.duration(NodeSettings.CODE_FETCH_TIMEOUT));
    }

    @Override
    public Path resolve(MavenCoordinates c) throws IOException {
        return resolver().resolve(c.groupId(), c.artifactId(), c.classifier(), c.type(), c.version()).toPath();
    }

    @Override
    public String describe() {
        return "the local repository " + localRepository
                + (remoteRepositories.isEmpty() ? " (offline)" : " and " + String.join(", ", remoteRepositories));
    }

    private synchronized MavenResolver resolver() {
        if (resolver == null) {
            Hashtable<String, String> p = new Hashtable<>();
            p.put(PID + ".localRepository", localRepository.toAbsolutePath().toString());
            p.put(PID + ".repositories", String.join(",", remoteRepositories));
            p.put(PID + ".defaultRepositories", "");
            p.put(PID + ".useFallbackRepositories", "false");
            p.put(PID + ".offline", Boolean.toString(remoteRepositories.isEmpty()));
            p.put(PID + ".timeout", Long.toString(timeout.toMillis()));
            p.put(PID + ".socket.readTimeout", Long.toString(timeout.toMillis()));
            p.put(PID + ".socket.connectionTimeout", Long.toString(timeout.toMillis()));
            resolver = MavenResolvers.createMavenResolver(p, PID);
        }
        return resolver;
    }
}
