package io.osgiserve.itests.apps;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** A REST deployment routed at {@code /rest}: slow requests wait in the {@link Turnstile}; orders answer 201 with a Location. */
@Path("/")
public final class RestStand {
    @POST
    @Path("slow")
    @Produces(MediaType.TEXT_PLAIN)
    public String slow() throws InterruptedException {
        return Turnstile.pass();
    }

    @POST
    @Path("orders")
    @Produces(MediaType.APPLICATION_JSON)
    public Response order(@Context UriInfo uri) {
        return Response.created(uri.getAbsolutePathBuilder().path("7").build()).entity("{\"order\":7}").build();
    }
}
