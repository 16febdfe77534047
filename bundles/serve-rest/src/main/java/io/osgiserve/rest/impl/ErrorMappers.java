package io.osgiserve.rest.impl;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error answer is JSON with a one-line reason, whatever raised it. */
public final class ErrorMappers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

    private static final WebApplication WEB_APPLICATION = new WebApplication();
    private static final BadJson BAD_JSON = new BadJson();
    private static final Unexpected UNEXPECTED = new Unexpected();

    private ErrorMappers() {
    }

    /** The answer to {@code e} as Jersey gives it with the mappers below registered: the closest mapper by class. */
    static Response map(Throwable e) {
        if (e instanceof WebApplicationException w) {
            return WEB_APPLICATION.toResponse(w);
        }
        if (e instanceof JsonProcessingException j) {
            return BAD_JSON.toResponse(j);
        }
        return UNEXPECTED.toResponse(e);
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
