package io.osgiserve.rest.impl;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error answer is JSON with a one-line reason, whatever raised it. */
public final class ErrorMappers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

    /**
     * The mappers, each with the exception type it maps: what JerseyApplication registers and what
     * {@link #map} chooses from, so the fast path and Jersey cannot map an exception differently.
     */
    private static final Map<Class<? extends Throwable>, ExceptionMapper<?>> MAPPERS = Map.of(
            WebApplicationException.class, new WebApplication(),
            JsonProcessingException.class, new BadJson(),
            Throwable.class, new Unexpected());

    private ErrorMappers() {
    }

    /** The mapper classes, for Jersey to register. */
    static Set<Class<?>> classes() {
        return MAPPERS.values().stream().<Class<?>>map(Object::getClass).collect(Collectors.toSet());
    }

    /** The answer to {@code e} as Jersey gives it with {@link #classes()} registered: the closest mapper by class. */
    @SuppressWarnings("unchecked")
    static Response map(Throwable e) {
        return ((ExceptionMapper<Throwable>) MAPPERS.get(closest(e.getClass()))).toResponse(e);
    }

    /** The class of the mapper {@link #map} uses for {@code type}. */
    static Class<?> mapperOf(Class<? extends Throwable> type) {
        return MAPPERS.get(closest(type)).getClass();
    }

    /** The mapped type nearest {@code type} among its superclasses (Throwable is always mapped). */
    private static Class<?> closest(Class<?> type) {
        Class<?> c = type;
        while (!MAPPERS.containsKey(c)) {
            c = c.getSuperclass();
        }
        return c;
    }

    /** Keeps the status and headers (such as Allow on a 405) of a WebApplicationException; adds a JSON body when it has none. */
    public static final class WebApplication implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response given = e.getResponse();
            if (given.hasEntity()) {
                return given;
            }
            return Response.fromResponse(given).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Errors.body(OneLine.of(e))).build();
        }
    }

    /** A request body that is not JSON, or not JSON of the expected shape: 400. */
    public static final class BadJson implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            String reason = OneLine.of(new Exception(e.getOriginalMessage()));
            return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Errors.body("the request body is not valid JSON here: " + reason + where)).build();
        }
    }

    /** Any other exception: unwraps what an asynchronous result wrapped, else 500 with the exception's one line. */
    public static final class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            if ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
                return map(e.getCause());
            }
            LOG.warn("a REST resource failed", e);
            return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Errors.body(e.getClass().getSimpleName() + ": " + OneLine.of(e))).build();
        }
    }
}
