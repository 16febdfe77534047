package io.osgiserve.itests.quote;

/** Quotes mangos at 3 each. */
public final class QuoteStand {
    public Quote quote(int amount) {
        return new Quote("MANGO", amount, 3);
    }
}
