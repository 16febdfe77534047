package io.osgiserve.bench.noop;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The no-op deployment written as a Jakarta REST resource: {@code GET /} answers {@code ok} (text/plain,
 * as {@link Noop} and raw Jetty do); {@code POST /quote} takes {@code {"fruit": "MANGO", "amount": 2}}
 * and answers {@code 6}, the work the DAGDriver path does for {@code ["MANGO", 2]}.
 */
@Path("/")
public final class NoopRest {
    /** The JSON body of a quote. */
    public record Order(String fruit, int amount) {
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String ok() {
        return "ok";
    }

    @POST
    @Path("quote")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public int quote(Order order) {
        return order.amount() * 3;
    }
}
