package io.osgiserve.examples.fruit;

import io.osgiserve.api.DeploymentHandle;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Asks the stand that sells the fruit; an unknown fruit costs -1. */
public final class FruitMarket {
    private final Map<String, DeploymentHandle> directory;

    public FruitMarket(DeploymentHandle mango, DeploymentHandle orange, DeploymentHandle pear) {
        this.directory = Map.of("MANGO", mango, "ORANGE", orange, "PEAR", pear);
    }

    public CompletableFuture<Object> checkPrice(String fruit, int amount) {
        DeploymentHandle stand = directory.get(fruit.toUpperCase(Locale.ROOT));
        if (stand == null) {
            return CompletableFuture.completedFuture(-1);
        }
        return stand.call("checkPrice", amount);
    }
}
