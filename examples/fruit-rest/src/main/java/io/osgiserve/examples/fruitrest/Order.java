package io.osgiserve.examples.fruitrest;

/** What {@code POST /market/quote} takes: {@code {"fruit": "MANGO", "amount": 2}}. */
public record Order(String fruit, int amount) {
}
