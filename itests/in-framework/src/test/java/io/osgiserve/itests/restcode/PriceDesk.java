package io.osgiserve.itests.restcode;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A REST deployment the tests install as its own bundle, once per code version. */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class PriceDesk {
    /** A JSON body of this bundle's own type, so each version's Jersey application knows its classes. */
    public record Order(String fruit, int amount) {
    }

    @POST
    @Path("quote")
    public int quote(Order order) {
        return order.amount() * 3;
    }
}
