package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import io.osgiserve.itests.apps.StandLedger;
import java.io.Closeable;
import java.util.Collection;
import org.osgi.framework.ServiceReference;

/**
 * The node repairs what happens between deploys: a replica whose component instance (of the factory
 * {@code serve.replica}) is disposed from outside the controller, through the {@link Closeable}
 * service each instance offers, has its close hook run and is replaced, and its deployment is HEALTHY
 * again within 2 s, without a deploy.
 */
class SelfHealingTest extends NodeTestSupport {
    @Test
    void aReplicaDisposedBehindTheControllersBackIsReplacedWithinTwoSeconds() throws Exception {
        deploy(Configs.counting(2, 3));
        awaitRunning();
        Set<String> before = replicaIds("MangoStand");
        String lost = before.iterator().next();
        Collection<ServiceReference<Closeable>> found = context.getServiceReferences(Closeable.class,
                "(&(component.name=serve.replica)(serve.replica.id=" + lost + "))");
        assertEquals(1, found.size(), () -> "the component instances of replica " + lost + ": " + found);
        ServiceReference<Closeable> instance = found.iterator().next();

        context.getService(instance).close(); // disposes the instance, behind the controller's back

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
        assertTrue(StandLedger.closed().contains(lost), () -> "the disposed replica's close hook ran: " + StandLedger.closed());
        assertEquals(6, price("[\"MANGO\", 2]"));
    }
}
