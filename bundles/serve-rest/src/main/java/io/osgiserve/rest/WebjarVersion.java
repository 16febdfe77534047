package io.osgiserve.rest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Properties;
import java.util.function.Function;

/** Reads the swagger-ui webjar's version from its Maven properties, which name its folder. */
final class WebjarVersion {
    static final String POM_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private WebjarVersion() {
    }

    static String of(Function<String, URL> lookup) {
        URL url = lookup.apply(POM_PROPERTIES);
        if (url == null) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = url.openStream()) {
            p.load(in);
        } catch (IOException e) {
            return null;
        }
        String version = p.getProperty("version");
        // it becomes part of a resource path: only a plain version is taken
        return version != null && version.matches("[0-9A-Za-z.\\-]{1,40}") ? version : null;
    }
}
