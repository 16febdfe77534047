package io.osgiserve.itests.quote;

/** A user type passed between deployments: a replica of one code version cannot read another version's. */
public record Quote(String fruit, int amount, int unitPrice) {
    public int total() {
        return amount * unitPrice;
    }
}
