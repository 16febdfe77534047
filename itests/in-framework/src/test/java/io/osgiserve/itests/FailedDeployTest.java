package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deploy whose code throws fails visibly (the user's own exception in the status), leaves the
 * previous version serving, and a later good deploy clears the failure.
 */
class FailedDeployTest extends NodeTestSupport {

    @Test
    void failingConstructorMakesDeployFailedWithTheUsersExceptionWhileThePreviousVersionServes() throws Exception {
        Map<String, Object> good = Configs.counting(2, 3);
        deploy(good);
        awaitRunning();

        deploy(Configs.broken(good));

        awaitDeployFailed();
        assertTrue(appMessage().contains("IllegalStateException: no price list"), () -> "message: " + appMessage());
        assertEquals(6, price("[\"MANGO\", 2]"), "the previous version answers after the failed deploy");
    }

    @Test
    void nextGoodDeployAfterAFailedOneClearsTheMessageAndRuns() throws Exception {
        Map<String, Object> good = Configs.counting(2, 3);
        deploy(good);
        awaitRunning();
        deploy(Configs.broken(good));
        awaitDeployFailed();

        deploy(Configs.counting(2, 4));

        awaitRunning();
        assertEquals("", appMessage(), "message after a good deploy");
        assertEquals(8, price("[\"MANGO\", 2]"));
    }

    @Test
    void reconfigureThatThrowsMakesDeployFailedWithTheUsersException() throws Exception {
        deploy(Configs.counting(2, 3));
        awaitRunning();

        deploy(Configs.counting(2, -1));

        awaitDeployFailed();
        assertTrue(appMessage().contains("IllegalArgumentException: price must be >= 0, got -1"),
                () -> "message: " + appMessage());
    }

    @Test
    void unknownDeploymentNameFailsTheDeployNamingTheDeploymentsTheCodeHas() throws Exception {
        Map<String, Object> app = Configs.counting(2, 3);
        Configs.deployments(app).add(new LinkedHashMap<>(Map.of("name", "PapayaStand", "num_replicas", 1)));

        deploy(app);

        awaitDeployFailed();
        String message = appMessage();
        assertTrue(message.contains("PapayaStand") && message.contains("MangoStand") && message.contains("DAGDriver"),
                () -> "the message should name the unknown deployment and the known ones: " + message);
    }

    private void awaitDeployFailed() {
        await("app DEPLOY_FAILED").atMost(DEPLOY_TIMEOUT)
                .untilAsserted(() -> assertEquals("DEPLOY_FAILED", appStatus(), () -> "status: " + node().status()));
    }
}
