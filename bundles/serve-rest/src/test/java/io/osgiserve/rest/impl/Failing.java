package io.osgiserve.rest.impl;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Resource methods whose results fail with an Error, as after a version's classes were retired. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class Failing {
    /** A result whose JSON writer meets an Error: its getter's class is gone. */
    public static class Gone {
        public String getName() {
            throw new NoClassDefFoundError("io/example/Retired");
        }
    }

    @GET
    @Path("stage-fails")
    public CompletionStage<String> stageFails() {
        return CompletableFuture.failedFuture(new NoClassDefFoundError("io/example/Retired"));
    }

    @GET
    @Path("stage-writer-fails")
    public CompletionStage<Gone> stageWriterFails() {
        return CompletableFuture.supplyAsync(Gone::new);
    }

    @GET
    @Path("writer-fails")
    public Gone writerFails() {
        return new Gone();
    }
}
