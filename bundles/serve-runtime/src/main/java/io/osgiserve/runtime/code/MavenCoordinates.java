package io.osgiserve.runtime.code;

import java.util.regex.Pattern;

/**
 * The artifact an {@code mvn:group/artifact/version[/type[/classifier]]} URI names, checked so that no
 * part can name a path outside the repository: each is a Maven id (letters, digits, '.', '_', '-'), the
 * group's dot-separated names are not empty, and no part is made of dots only. A repository in the URI
 * ({@code mvn:URL!group/...}) is refused: the node's repositories are the operator's to configure.
 */
public record MavenCoordinates(String groupId, String artifactId, String version, String type, String classifier) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    /** @param uri the whole URI, for messages; @param path what follows {@code mvn:} */
    static MavenCoordinates parse(String uri, String path) throws CodeException {
        if (path.contains("!")) {
            throw CodeException.refused("runtime_env: " + uri + " names a repository; use mvn:group/artifact/version"
                    + " (the node resolves from its own repositories, serve.maven.repository and"
                    + " serve.maven.remote_repositories)");
        }
        String[] p = path.split("/", -1);
        if (p.length < 3 || p.length > 5 || p[0].isEmpty() || p[1].isEmpty() || p[2].isEmpty()) {
            throw CodeException.refused("runtime_env: " + uri + " must be mvn:group/artifact/version[/type[/classifier]]");
        }
        if (!GROUP.matcher(p[0]).matches()) {
            throw CodeException.refused("runtime_env: " + uri + ": the group '" + p[0] + "' is not a Maven group id"
                    + " (dot-separated names of letters, digits, '_' and '-'); it would name a path outside the repository");
        }
        String type = p.length > 3 && !p[3].isEmpty() ? p[3] : "jar";
        String classifier = p.length > 4 ? p[4] : "";
        String[][] parts = {{"artifact", p[1]}, {"version", p[2]}, {"type", type}};
        for (String[] part : parts) {
            requireId(uri, part[0], part[1]);
        }
        if (!classifier.isEmpty()) {
            requireId(uri, "classifier", classifier);
        }
        return new MavenCoordinates(p[0], p[1], p[2], type, classifier);
    }

    private static void requireId(String uri, String what, String value) throws CodeException {
        if (!ID.matcher(value).matches() || value.chars().allMatch(c -> c == '.')) {
            throw CodeException.refused("runtime_env: " + uri + ": the " + what + " '" + value + "' is not a Maven id"
                    + " (letters, digits, '.', '_' and '-', not dots only); it would name a path outside the repository");
        }
    }

    /** The artifact's file name, as a repository lays it out. */
    public String fileName() {
        return artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "." + type;
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + type + (classifier.isEmpty() ? "" : ":" + classifier) + ":" + version;
    }
}
