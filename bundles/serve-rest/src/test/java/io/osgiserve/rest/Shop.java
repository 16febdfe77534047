package io.osgiserve.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** A resource as a user writes it; its constructor takes what our runtime binds, which Jersey could not supply. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class Shop {
    public record Item(String name, int count) {
    }

    public record Greeting(String text, String replica, String lang) {
    }

    private final String replica;
    /** Results the test completes later, by id. */
    final Map<String, CompletableFuture<Item>> pending = new ConcurrentHashMap<>();
    /** Told the application's configuration on each /config call, so a test can watch it be released. */
    volatile Consumer<WeakReference<Configuration>> configWatcher = c -> { };

    public Shop(String replica) {
        this.replica = replica;
    }

    @GET
    @Path("hello/{who}")
    public Greeting hello(@PathParam("who") String who, @QueryParam("punct") @DefaultValue("!") String punct,
            @HeaderParam("x-lang") String lang) {
        return new Greeting("hello " + who + punct, replica, lang);
    }

    @POST
    @Path("items")
    public Response create(Item item, @Context UriInfo uri) {
        if (item == null) {
            throw new jakarta.ws.rs.BadRequestException("an item is needed");
        }
        return Response.created(uri.getAbsolutePathBuilder().path(item.name()).build()).entity(item).build();
    }

    @GET
    @Path("slow/{id}")
    public CompletionStage<Item> slow(@PathParam("id") String id) {
        return pending.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    @GET
    @Path("missing")
    public Item missing() {
        throw new NotFoundException("no such thing here");
    }

    @GET
    @Path("teapot")
    public Item teapot() {
        throw new WebApplicationException("short and stout", 418);
    }

    @GET
    @Path("boom")
    public Item boom() {
        throw new IllegalStateException("broken\nand a second line");
    }

    @GET
    @Path("later-missing")
    public CompletionStage<Item> laterMissing() {
        return CompletableFuture.supplyAsync(() -> {
            throw new NotFoundException("gone by the time it was looked up");
        });
    }

    @GET
    @Path("split")
    public Response split(@QueryParam("value") String value) {
        return Response.ok("\"ok\"").header("X-Echo", value).build();
    }

    @GET
    @Path("config")
    public String config(@Context Configuration configuration) {
        configWatcher.accept(new WeakReference<>(configuration));
        return "\"ok\"";
    }
}
