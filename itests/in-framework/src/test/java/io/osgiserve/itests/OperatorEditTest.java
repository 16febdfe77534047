package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.itests.apps.StandLedger;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

/**
 * ConfigAdmin carries each deployment: {@code serve.deployment~default.<deployment>} holds its
 * effective options and user_config as JSON. An operator's change of it (what
 * {@code config:property-set} does) is a deploy: valid, it goes into the goal and reaches the
 * replicas live; invalid, it is reverted and named in the deployment's message.
 */
class OperatorEditTest extends NodeTestSupport {
    private static final String MANGO_PID = "serve.deployment~default.MangoStand";

    @InjectService
    ConfigurationAdmin configAdmin;

    /** As {@code config:property-set -p <pid> <key> <value>}: the other properties stay. */
    private void propertySet(String pid, String key, String value) throws Exception {
        Configuration c = configAdmin.getConfiguration(pid, "?");
        Dictionary<String, Object> p = c.getProperties();
        assertNotNull(p, () -> pid + " has no properties");
        p.put(key, value);
        c.update(p);
    }

    private Object property(String pid, String key) throws Exception {
        Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
        return found == null ? null : found[0].getProperties().get(key);
    }

    @Test
    void anOperatorsUserConfigEditReachesEveryReplicaOnceAndGoesIntoTheGoal() throws Exception {
        deploy(Configs.counting(2, 3));
        awaitRunning();
        Set<String> before = replicaIds("MangoStand");
        await("MangoStand's configuration").atMost(DEPLOY_TIMEOUT)
                .until(() -> "{\"price\":3}".equals(property(MANGO_PID, "user_config")));
        double stamp = ((Number) appStatusDocument().get("deployment_timestamp")).doubleValue();

        propertySet(MANGO_PID, "user_config", "{\"price\": 5}");

        await("price 5 on every replica").atMost(DEPLOY_TIMEOUT).untilAsserted(() ->
                assertEquals(2, StandLedger.reconfiguresTo(5).size(), () -> "reconfigures: " + StandLedger.reconfiguresTo(5)));
        awaitRunning();
        assertEquals(10, price("[\"MANGO\", 2]"));
        assertEquals(before, replicaIds("MangoStand"), "the replicas were kept");
        assertEquals(2, StandLedger.reconfiguresTo(5).size(), "one reconfigure per replica");
        assertTrue(node().goal().orElseThrow().toYaml().contains("price: 5"), () -> node().goal().orElseThrow().toYaml());
        assertTrue(((Number) appStatusDocument().get("deployment_timestamp")).doubleValue() > stamp,
                "deployment_timestamp moved");
    }

    @Test
    void anInvalidEditIsRevertedAndNamedInTheDeploymentsMessage() throws Exception {
        deploy(Configs.counting(2, 3));
        awaitRunning();
        await("MangoStand's configuration").atMost(DEPLOY_TIMEOUT)
                .until(() -> "{\"price\":3}".equals(property(MANGO_PID, "user_config")));

        propertySet(MANGO_PID, "user_config", "{\"price\": ");

        await("the edit reverted and named").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertEquals("{\"price\":3}", property(MANGO_PID, "user_config"));
            String message = deploymentMessage("MangoStand");
            assertTrue(message.contains("refused and reverted") && message.contains("user_config: not valid JSON"),
                    () -> "message: " + message);
        });
        assertEquals(6, price("[\"MANGO\", 2]"));
        assertTrue(node().goal().orElseThrow().toYaml().contains("price: 3"));
    }

    @Test
    void aDeletedDeploymentConfigurationIsRecreatedFromTheGoalWithinTwoSeconds() throws Exception {
        deploy(Configs.counting(2, 3));
        awaitRunning();
        await("MangoStand's configuration").atMost(DEPLOY_TIMEOUT)
                .until(() -> property(MANGO_PID, "user_config") != null);
        Set<String> before = replicaIds("MangoStand");

        configAdmin.getConfiguration(MANGO_PID, "?").delete();

        await("recreated").atMost(Duration.ofSeconds(2))
                .until(() -> "{\"price\":3}".equals(property(MANGO_PID, "user_config")));
        awaitRunning();
        assertEquals(before, replicaIds("MangoStand"));
    }

    private String deploymentMessage(String name) {
        for (Object o : list(node().status().get("deployment_statuses"))) {
            Map<String, Object> d = map(o);
            if (name.equals(d.get("name"))) {
                return (String) d.get("message");
            }
        }
        return "";
    }
}
