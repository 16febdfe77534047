package io.osgiserve.rest;

import java.net.URL;
import java.util.function.Function;

/** Where the swagger-ui files come from: a file name (such as {@code swagger-ui.css}) to its URL, or null. */
@FunctionalInterface
public interface DocsAssets {
    /** The folder of the swagger-ui webjar's files, below which {@link #find} looks. */
    String WEBJAR_FOLDER = "META-INF/resources/webjars/swagger-ui/";

    URL find(String fileName);

    /**
     * The files of the swagger-ui webjar whose entries {@code entries} reads by path (a class loader's
     * {@code getResource}, or the webjar bundle's {@code getEntry} in OSGi).
     */
    static DocsAssets fromWebjar(Function<String, URL> entries) {
        String version = WebjarVersion.of(entries);
        return name -> version == null ? null : entries.apply(WEBJAR_FOLDER + version + "/" + name);
    }

    /** The webjar on the class path of {@code loader} (outside OSGi). */
    static DocsAssets fromClassPath(ClassLoader loader) {
        return fromWebjar(loader::getResource);
    }
}
