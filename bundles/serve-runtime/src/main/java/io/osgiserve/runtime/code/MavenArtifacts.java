package io.osgiserve.runtime.code;

import java.io.IOException;
import java.nio.file.Path;

/** Finds the file of a Maven artifact in the node's repositories. */
public interface MavenArtifacts {
    /** The artifact's file; an IOException when the repositories do not have it. */
    Path resolve(MavenCoordinates coordinates) throws IOException;

    /** The repositories, for messages: {@code the local repository /x (offline)}. */
    String describe();
}
