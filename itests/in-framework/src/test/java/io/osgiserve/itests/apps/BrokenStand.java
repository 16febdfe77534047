package io.osgiserve.itests.apps;

/** A stand that cannot open: its constructor throws, as user code with a missing resource would. */
public final class BrokenStand {
    public BrokenStand() {
        throw new IllegalStateException("no price list");
    }

    public int checkPrice(String fruit, int amount) {
        return 0;
    }
}
