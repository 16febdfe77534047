package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.osgiserve.itests.apps.StandLedger;
import io.osgiserve.itests.apps.StandLedger.Event;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * user_config and num_replicas are lightweight: the replica objects stay, nothing is rebuilt. Uses the
 * tester bundle's counting MangoStand, which records every construction and reconfigure call.
 */
class LightweightUpdateTest extends NodeTestSupport {

    @Test
    void userConfigChangeReconfiguresTheSameReplicaObjectsOnceEach() throws Exception {
        deploy(Configs.counting(2, 3));
        awaitRunning();
        assertEquals(6, price("[\"MANGO\", 2]"));
        Set<String> before = replicaIds("MangoStand");
        Map<String, Object> builtBefore = objectsByReplica(StandLedger.constructions());

        deploy(Configs.counting(2, 5));

        await("reconfigure(price 5) on both replicas").atMost(DEPLOY_TIMEOUT)
                .untilAsserted(() -> assertEquals(2, StandLedger.reconfiguresTo(5).size(),
                        () -> "reconfigure calls with price 5: " + StandLedger.reconfiguresTo(5)));
        awaitRunning();
        for (int i = 0; i < 4; i++) {
            assertEquals(10, price("[\"MANGO\", 2]"), "answer " + i + " after the price went to 5");
        }
        assertEquals(before, replicaIds("MangoStand"), "replica ids after a user_config change");
        assertEquals(2, StandLedger.constructions().size(), () -> "constructions: " + StandLedger.constructions());
        Map<String, Object> reconfigured = objectsByReplica(StandLedger.reconfiguresTo(5));
        assertEquals(before, reconfigured.keySet(), "the replicas reconfigured with price 5");
        reconfigured.forEach((id, stand) -> assertSame(builtBefore.get(id), stand,
                "replica " + id + " was reconfigured on another object than the one it built"));
    }

    @Test
    void numReplicasChangeAddsAndRemovesReplicasWithoutTouchingSurvivors() throws Exception {
        deploy(Configs.counting(2, 3));
        awaitRunning();
        Set<String> two = replicaIds("MangoStand");

        deploy(Configs.counting(4, 3));
        await("4 MangoStand replicas").atMost(DEPLOY_TIMEOUT)
                .untilAsserted(() -> assertEquals(4, replicaIds("MangoStand").size()));
        awaitRunning();
        Set<String> four = replicaIds("MangoStand");
        assertSubset(two, four, "the first two replicas after scaling to 4");
        assertEquals(4, StandLedger.constructions().size(),
                () -> "scaling 2 -> 4 should build exactly 2 more: " + StandLedger.constructions());
        assertEquals(four, constructedIds(), "the replicas that ran a constructor");

        deploy(Configs.counting(1, 3));
        await("1 MangoStand replica").atMost(DEPLOY_TIMEOUT)
                .untilAsserted(() -> assertEquals(1, replicaIds("MangoStand").size()));
        awaitRunning();
        Set<String> one = replicaIds("MangoStand");
        assertSubset(one, four, "the survivor after scaling to 1");
        assertEquals(4, StandLedger.constructions().size(),
                () -> "scaling down built replicas: " + StandLedger.constructions());
        assertEquals(6, price("[\"MANGO\", 2]"));
    }

    @Test
    void identicalRedeployChangesNoReplica() throws Exception {
        deploy(Configs.parseYaml(Configs.fruitYaml()));
        awaitRunning();
        Map<String, Set<String>> before = allReplicaIds();

        deploy(Configs.parseYaml(Configs.fruitYaml()));

        await("replica ids to stay as they were").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> {
                    assertEquals("RUNNING", appStatus(), () -> "status: " + node().status());
                    assertEquals(before, allReplicaIds());
                });
        assertEquals(6, price("[\"MANGO\", 2]"));
    }

    /** The objects that the events happened to, by replica id (each replica must have one object). */
    private static Map<String, Object> objectsByReplica(List<Event> events) {
        Map<String, Object> byId = events.stream()
                .collect(Collectors.toMap(Event::replicaId, Event::stand, (a, b) -> {
                    assertSame(a, b, "one replica id, two objects");
                    return a;
                }));
        assertEquals(events.size(), byId.size(), () -> "more than one event per replica: " + events);
        return byId;
    }

    private static Set<String> constructedIds() {
        return StandLedger.constructions().stream().map(Event::replicaId).collect(Collectors.toCollection(HashSet::new));
    }
}
