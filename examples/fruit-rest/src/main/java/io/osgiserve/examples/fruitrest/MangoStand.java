package io.osgiserve.examples.fruitrest;

/** Sells mangos; 3 a piece unless user_config says otherwise. */
public final class MangoStand extends Stand {
    public MangoStand() {
        super(3);
    }
}
