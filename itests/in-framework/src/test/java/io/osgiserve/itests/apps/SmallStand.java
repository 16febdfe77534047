package io.osgiserve.itests.apps;

import java.util.Locale;

/** Sells mangos at 3 each, but has only {@link #STOCK}: a larger order throws the user's {@link SoldOutException}. */
public final class SmallStand {
    public static final int STOCK = 10;

    public int checkPrice(String fruit, int amount) {
        if (amount > STOCK) {
            throw new SoldOutException("only " + STOCK + " left, asked for " + amount);
        }
        return "MANGO".equals(fruit.toUpperCase(Locale.ROOT)) ? 3 * amount : -1;
    }
}
