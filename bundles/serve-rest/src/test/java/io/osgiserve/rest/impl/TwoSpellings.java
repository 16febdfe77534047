package io.osgiserve.rest.impl;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** One path template spelt two ways ({x} and {y}): the fast path leaves it whole to Jersey. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class TwoSpellings {
    @GET
    @Path("items/{x}")
    public String get(@PathParam("x") String x) {
        return "\"get " + x + "\"";
    }

    @POST
    @Path("items/{y}")
    public String post(@PathParam("y") String y) {
        return "\"post " + y + "\"";
    }

    @GET
    @Path("plain")
    public String plain() {
        return "\"plain\"";
    }
}
