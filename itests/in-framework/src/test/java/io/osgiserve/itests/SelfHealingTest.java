package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

/**
 * The node repairs what happens between deploys: a replica whose component instance is disposed
 * from outside the controller (its configuration deleted, as an operator's {@code config:delete}
 * does) is replaced, and its deployment is HEALTHY again within 2 s, without a deploy.
 */
class SelfHealingTest extends NodeTestSupport {
    @InjectService
    ConfigurationAdmin configAdmin;

    @Test
    void aReplicaDisposedBehindTheControllersBackIsReplacedWithinTwoSeconds() throws Exception {
        deploy(Configs.counting(2, 3));
        awaitRunning();
        Set<String> before = replicaIds("MangoStand");
        String lost = before.iterator().next();
        Configuration[] found = configAdmin.listConfigurations("(serve.replica.id=" + lost + ")");
        assertNotNull(found, () -> "no configuration carries replica " + lost);
        assertEquals(1, found.length);

        found[0].delete();

        await("a new MangoStand replica RUNNING and the deployment HEALTHY").atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    List<Map<String, Object>> replicas = replicas("MangoStand");
                    assertEquals(2, replicas.size(), () -> "replicas: " + replicas);
                    replicas.forEach(r -> assertEquals("RUNNING", r.get("state"), () -> "replica " + r));
                    assertFalse(replicaIds("MangoStand").contains(lost), "the disposed replica is still listed");
                    assertEquals("HEALTHY", deploymentStatuses().get("MangoStand"), () -> "status: " + node().status());
                });
        assertTrue(replicaIds("MangoStand").containsAll(before.stream().filter(id -> !id.equals(lost)).toList()),
                "the other replica was kept");
        assertEquals("RUNNING", appStatus());
        assertEquals(6, price("[\"MANGO\", 2]"));
    }
}
