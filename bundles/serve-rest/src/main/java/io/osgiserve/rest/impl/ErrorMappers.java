package io.osgiserve.rest.impl;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Providers;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error answer is JSON with a one-line reason, whatever raised it. */
public final class ErrorMappers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

    private ErrorMappers() {
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
        @Context
        private Providers providers;

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Response toResponse(Throwable e) {
            if ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
                Throwable cause = e.getCause();
                ExceptionMapper mapper = providers.getExceptionMapper(cause.getClass());
                if (mapper != null) {
                    return mapper.toResponse(cause);
                }
            }
            LOG.warn("a REST resource failed", e);
            return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Errors.body(e.getClass().getSimpleName() + ": " + OneLine.of(e))).build();
        }
    }
}
