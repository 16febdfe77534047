package io.osgiserve.http.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BufferBudgetTest {

    @Test
    void reservationsPastTheLimitAreRefusedAndTakeNothing() {
        BufferBudget budget = new BufferBudget(100);

        assertTrue(budget.tryReserve(60));
        assertFalse(budget.tryReserve(41));
        assertEquals(60, budget.held());
        assertTrue(budget.fits(40));
        assertFalse(budget.fits(41));
        assertTrue(budget.tryReserve(40));
    }

    @Test
    void releasedBytesCanBeReservedAgain() {
        BufferBudget budget = new BufferBudget(100);
        budget.tryReserve(100);

        budget.release(30);

        assertEquals(70, budget.held());
        assertTrue(budget.tryReserve(30));
        assertFalse(budget.tryReserve(1));
    }
}
