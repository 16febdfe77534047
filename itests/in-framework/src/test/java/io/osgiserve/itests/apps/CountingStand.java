package io.osgiserve.itests.apps;

import io.osgiserve.api.ReplicaContext;
import java.util.Locale;
import java.util.Map;

/** Sells mangos at {@code user_config.price} (3 until told); tells {@link StandLedger} what happens to it. */
public final class CountingStand {
    private final String replicaId;
    private volatile int price = 3;

    public CountingStand(ReplicaContext context) {
        this.replicaId = context.replicaId();
        StandLedger.constructed(replicaId, this);
    }

    public void reconfigure(Map<String, Object> config) {
        Object p = config.get("price");
        if (p instanceof Number n) {
            price = n.intValue();
        }
        StandLedger.reconfigured(replicaId, this, config);
    }

    public int checkPrice(String fruit, int amount) {
        return "MANGO".equals(fruit.toUpperCase(Locale.ROOT)) ? price * amount : -1;
    }
}
