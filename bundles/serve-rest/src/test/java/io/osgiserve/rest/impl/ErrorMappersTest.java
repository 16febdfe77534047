package io.osgiserve.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.concurrent.CompletionException;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.spi.ExceptionMappers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path's choice of error mapper is Jersey's choice among the same registered mappers. */
class ErrorMappersTest {
    private static final ApplicationHandler JERSEY = new ApplicationHandler(new ResourceConfig()
            .register(JacksonFeature.withoutExceptionMappers())
            .registerClasses(ErrorMappers.classes()));

    @ParameterizedTest
    @ValueSource(classes = {WebApplicationException.class, NotFoundException.class, NotAllowedException.class,
            JsonParseException.class, MismatchedInputException.class, UnrecognizedPropertyException.class,
            IllegalStateException.class, CompletionException.class, NoClassDefFoundError.class, Exception.class,
            Throwable.class})
    @SuppressWarnings("unchecked")
    void theMapperChosenIsTheOneJerseyChooses(Class<?> type) {
        Class<? extends Throwable> thrown = (Class<? extends Throwable>) type;
        ExceptionMapper<?> jersey = JERSEY.getInjectionManager().getInstance(ExceptionMappers.class).find(thrown);
        assertNotNull(jersey, "Jersey has no mapper for " + type.getName());
        assertEquals(jersey.getClass(), ErrorMappers.mapperOf(thrown), type.getName());
    }
}
