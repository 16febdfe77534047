package io.osgiserve.rest.impl;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A resource with a sub-resource locator: Jersey's routing through it is left whole to Jersey. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class WithLocator {
    @GET
    @Path("plain")
    public String plain() {
        return "\"plain\"";
    }

    @Path("sub")
    public Sub sub() {
        return new Sub();
    }

    /** The sub-resource. */
    public static class Sub {
        @GET
        public String get() {
            return "\"sub\"";
        }
    }
}
