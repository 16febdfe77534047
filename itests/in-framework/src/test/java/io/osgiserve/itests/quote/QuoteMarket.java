package io.osgiserve.itests.quote;

import io.osgiserve.api.DeploymentHandle;
import java.util.concurrent.CompletableFuture;

/** Asks the stand for a {@link Quote} and reads it: a Quote of another code version fails the cast. */
public final class QuoteMarket {
    private final DeploymentHandle stand;

    public QuoteMarket(DeploymentHandle stand) {
        this.stand = stand;
    }

    public CompletableFuture<Object> checkPrice(String fruit, int amount) {
        return stand.call("quote", amount).thenApply(q -> ((Quote) q).total());
    }
}
