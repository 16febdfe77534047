package io.osgiserve.rest.impl;

import io.osgiserve.rest.DocsAssets;
import io.osgiserve.api.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The swagger-ui page of a REST deployment, served offline from the webjar: an HTML page of our own
 * that loads the webjar's script and style and points them at the deployment's {@code openapi.json}.
 */
public final class DocsPage {
    /** The webjar files the page uses, with their types; nothing else is served. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "application/javascript; charset=utf-8",
            "swagger-ui-standalone-preset.js", "application/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");

    private final DocsAssets assets;

    public DocsPage(DocsAssets assets) {
        this.assets = assets;
    }

    /** The answer to {@code GET <prefix>/docs<rest>}: the page for an empty rest, else one asset. */
    public HttpResponse answer(String routePrefix, String rest) {
        String prefix = routePrefix == null || routePrefix.equals("/") ? "" : routePrefix;
        if (rest.isEmpty() || rest.equals("/")) {
            return new HttpResponse(200, "text/html; charset=utf-8",
                    page(prefix).getBytes(StandardCharsets.UTF_8));
        }
        String name = rest.substring(1);
        String type = ASSETS.get(name);
        URL url = type == null ? null : assets.find(name);
        if (url == null) {
            return Errors.json(404, "no docs file " + (name.length() > 80 ? name.substring(0, 80) + "..." : name));
        }
        try (InputStream in = url.openStream()) {
            return new HttpResponse(200, type, Map.of("Cache-Control", List.of("max-age=3600")),
                    in.readAllBytes());
        } catch (IOException e) {
            return Errors.json(500, "the docs file " + name + " cannot be read: " + OneLine.of(e));
        }
    }

    /** An answer carrying a JSON document. */
    public static HttpResponse json(byte[] document) {
        return new HttpResponse(200, Errors.JSON_TYPE, document);
    }

    private static String page(String prefix) {
        String p = html(prefix);
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>API docs</title>
                  <link rel="icon" type="image/png" href="%1$s/docs/favicon-32x32.png">
                  <link rel="stylesheet" href="%1$s/docs/swagger-ui.css">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%1$s/docs/swagger-ui-bundle.js"></script>
                  <script src="%1$s/docs/swagger-ui-standalone-preset.js"></script>
                  <script>
                    window.onload = function () {
                      window.ui = SwaggerUIBundle({
                        url: "%1$s/openapi.json",
                        dom_id: "#swagger-ui",
                        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                        layout: "StandaloneLayout"
                      });
                    };
                  </script>
                </body>
                </html>
                """.formatted(p);
    }

    /** The route prefix inside an attribute and a script string: only characters a prefix may hold pass. */
    private static String html(String prefix) {
        StringBuilder b = new StringBuilder();
        for (char c : prefix.toCharArray()) {
            if (Character.isLetterOrDigit(c) || "/-._~".indexOf(c) >= 0) {
                b.append(c);
            } else {
                b.append(String.format("%%%02X", (int) c));
            }
        }
        return b.toString();
    }
}
