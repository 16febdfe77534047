package io.osgiserve.rest.impl;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A resource with one method for each kind of answer, to be called on the fast path and through Jersey alike. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class Desk {
    public record Order(String fruit, int amount) {
    }

    public record Quote(String fruit, int amount, int total) {
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String ok() {
        return "ok";
    }

    @POST
    @Path("total")
    public int total(Order order) {
        return order.amount() * 3;
    }

    @POST
    @Path("quote")
    public Quote quote(Order order) {
        if (order.amount() < 0) {
            throw new BadRequestException("amount must not be negative");
        }
        return new Quote(order.fruit(), order.amount(), order.amount() * 3);
    }

    @POST
    @Path("later")
    public CompletionStage<Quote> later(Order order) {
        return CompletableFuture.supplyAsync(() -> {
            if (order.fruit().equals("NONE")) {
                throw new NotFoundException("no stand sells NONE");
            }
            if (order.fruit().equals("BROKEN")) {
                throw new IllegalStateException("the stand broke\nsecond line");
            }
            return new Quote(order.fruit(), order.amount(), order.amount() * 3);
        });
    }

    @GET
    @Path("stands/{name}")
    public Map<String, Object> stand(@PathParam("name") String name, @QueryParam("amount") @DefaultValue("1") int amount,
            @QueryParam("discount") int discount, @QueryParam("limit") Long limit, @HeaderParam("x-lang") String lang) {
        return Map.of("name", name, "amount", amount, "discount", discount, "limit", String.valueOf(limit),
                "lang", String.valueOf(lang));
    }

    @GET
    @Path("stands/{name}/prices")
    public List<Quote> prices(@PathParam("name") String name) {
        return List.of(new Quote(name, 1, 3), new Quote(name, 2, 6));
    }

    @PUT
    @Path("stands/{name}")
    public Response put(@PathParam("name") String name, Order order) {
        return Response.created(URI.create("stands/" + name)).header("X-Stand", name).entity(order).build();
    }

    @DELETE
    @Path("stands/{name}")
    public void delete(@PathParam("name") String name) {
        if (name.equals("keep")) {
            throw new WebApplicationException("kept", 409);
        }
    }

    @GET
    @Path("accepted")
    public Response accepted() {
        return Response.accepted().header("X-Queue", "3").build();
    }

    @GET
    @Path("nothing")
    public Quote nothing() {
        return null;
    }

    @GET
    @Path("teapot")
    public Quote teapot() {
        throw new WebApplicationException("short and stout", 418);
    }

    @GET
    @Path("boom")
    public Quote boom() {
        throw new IllegalStateException("broken\nsecond line");
    }

    @GET
    @Path("split")
    public Response split(@QueryParam("value") String value) {
        return Response.ok(Map.of("v", "x")).header("X-Echo", value).build();
    }

    @POST
    @Path("echo")
    public String echo(String body) {
        return body;
    }

    @GET
    @Path("text/{n}")
    @Produces(MediaType.TEXT_PLAIN)
    public long text(@PathParam("n") long n) {
        return n * 2;
    }

    @GET
    @Path("things/{id}")
    public String thing(@PathParam("id") String id) {
        return "\"thing " + id + "\"";
    }

    @GET
    @Path("things/special")
    public String special() {
        return "\"special\"";
    }

    @GET
    @Path("where")
    public Map<String, String> where(@Context UriInfo uri) {
        return Map.of("path", uri.getPath());
    }
}
