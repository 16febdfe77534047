package io.osgiserve.examples.fruitrest;

import io.osgiserve.api.DeploymentHandle;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The market as a Jakarta REST resource: {@code POST /quote} prices an order at the stand that sells
 * the fruit, {@code GET /stands/{name}} tells a stand's unit price. The stands are other deployments;
 * the answers wait on them without holding a thread.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class FruitMarket {
    /** The largest amount one order may ask for. */
    public static final int MAX_AMOUNT = 1_000_000;

    private final Map<String, DeploymentHandle> stands;

    @Inject
    public FruitMarket(DeploymentHandle mango, DeploymentHandle orange, DeploymentHandle pear) {
        this.stands = Map.of("MANGO", mango, "ORANGE", orange, "PEAR", pear);
    }

    @POST
    @Path("quote")
    public CompletionStage<Quote> quote(Order order) {
        if (order == null || order.fruit() == null) {
            throw new BadRequestException("the body must be {\"fruit\": NAME, \"amount\": N}");
        }
        if (order.amount() < 0 || order.amount() > MAX_AMOUNT) {
            throw new BadRequestException("amount must be between 0 and " + MAX_AMOUNT + ", not " + order.amount());
        }
        return standFor(order.fruit()).call("checkPrice", order.amount())
                .thenApply(total -> new Quote(order.fruit(), order.amount(), ((Number) total).intValue()));
    }

    @GET
    @Path("stands/{name}")
    public CompletionStage<Integer> unitPrice(@PathParam("name") String name) {
        return standFor(name).call("checkPrice", 1).thenApply(price -> ((Number) price).intValue());
    }

    private DeploymentHandle standFor(String fruit) {
        DeploymentHandle stand = stands.get(fruit.toUpperCase(Locale.ROOT));
        if (stand == null) {
            String shown = fruit.length() > 40 ? fruit.substring(0, 40) + "..." : fruit;
            throw new NotFoundException("no stand sells " + shown);
        }
        return stand;
    }
}
