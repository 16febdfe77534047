package io.osgiserve.examples.fruitrest;

import java.util.Map;

/** A stand sells one fruit at a price that {@code user_config: {price: N}} sets. */
abstract class Stand {
    private volatile int price;

    Stand(int defaultPrice) {
        this.price = defaultPrice;
    }

    public void reconfigure(Map<String, Object> config) {
        Object p = config.get("price");
        if (p instanceof Number n) {
            price = n.intValue();
        }
    }

    public int checkPrice(int amount) {
        return price * amount;
    }
}
