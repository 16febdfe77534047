package io.osgiserve.examples.fruitrest;

/** Sells oranges; 2 a piece unless user_config says otherwise. */
public final class OrangeStand extends Stand {
    public OrangeStand() {
        super(2);
    }
}
