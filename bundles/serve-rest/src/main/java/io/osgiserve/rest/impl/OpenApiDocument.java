package io.osgiserve.rest.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Set;

/** The OpenAPI document of one resource class, read from its Jakarta REST annotations by swagger. */
public final class OpenApiDocument {
    /** Swagger's model converters are one shared instance: one document is read at a time. */
    private static final Object SWAGGER = new Object();

    private OpenApiDocument() {
    }

    /** The document as JSON; its server is the route prefix, so the docs page calls the deployment where it is routed. */
    public static byte[] of(Class<?> resourceClass, String routePrefix) {
        OpenAPI base = new OpenAPI()
                .info(new Info().title(resourceClass.getSimpleName()).version("1"))
                .servers(List.of(new Server().url(routePrefix == null || routePrefix.isEmpty() ? "/" : routePrefix)));
        OpenAPI document;
        synchronized (SWAGGER) {
            try {
                Reader reader = new Reader();
                reader.setConfiguration(new SwaggerConfiguration().openAPI(base).prettyPrint(false));
                document = reader.read(Set.of(resourceClass));
            } finally {
                forgetTypes();
            }
        }
        try {
            return Json.mapper().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the OpenAPI document of " + resourceClass.getName()
                    + " cannot be written: " + OneLine.of(e), e);
        }
    }

    /**
     * Swagger's shared model resolver remembers a name for every type it has read, keyed by the type: it
     * would keep each retired version's classes, and their bundle, for the life of the node. It is
     * replaced by a fresh one after each document.
     */
    private static void forgetTypes() {
        ModelConverters converters = ModelConverters.getInstance();
        for (ModelConverter used : converters.getConverters()) {
            if (used.getClass() == ModelResolver.class) {
                converters.removeConverter(used);
                converters.addConverter(new ModelResolver(Json.mapper()));
            }
        }
    }
}
