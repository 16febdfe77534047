package io.osgiserve.examples.fruitrest;

/** Sells pears; 4 a piece unless user_config says otherwise. */
public final class PearStand extends Stand {
    public PearStand() {
        super(4);
    }
}
