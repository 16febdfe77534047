package io.osgiserve.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Two resource methods for one path and method: Jersey cannot choose, so the class is no valid resource. */
@Path("/")
public class Ambiguous {
    @GET
    @Path("price")
    public String one() {
        return "1";
    }

    @GET
    @Path("price")
    public String two() {
        return "2";
    }
}
