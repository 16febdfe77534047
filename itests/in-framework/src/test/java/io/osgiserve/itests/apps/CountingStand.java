package io.osgiserve.itests.apps;

import io.osgiserve.api.ReplicaContext;
import java.util.Locale;
import java.util.Map;

/**
 * Sells mangos at {@code user_config.price} (3 until told; a negative price is refused); tells
 * {@link StandLedger} what happens to it.
 */
public final class CountingStand {
    private final String replicaId;
    private volatile int price = 3;

    public CountingStand(ReplicaContext context) {
        this.replicaId = context.replicaId();
        StandLedger.constructed(replicaId, this);
    }

    public void reconfigure(Map<String, Object> config) {
        StandLedger.reconfigured(replicaId, this, config);
        Object p = config.get("price");
        if (p instanceof Number n) {
            if (n.intValue() < 0) {
                throw new IllegalArgumentException("price must be >= 0, got " + n);
            }
            price = n.intValue();
        }
    }

    /** The close hook: runs when the replica's component instance is deactivated. */
    public void close() {
        StandLedger.closed(replicaId);
    }

    public int checkPrice(String fruit, int amount) {
        return "MANGO".equals(fruit.toUpperCase(Locale.ROOT)) ? price * amount : -1;
    }
}
