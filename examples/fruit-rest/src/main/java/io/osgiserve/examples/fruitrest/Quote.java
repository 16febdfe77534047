package io.osgiserve.examples.fruitrest;

/** The answer to an order: {@code {"fruit": "MANGO", "amount": 2, "total": 6}}. */
public record Quote(String fruit, int amount, int total) {
}
