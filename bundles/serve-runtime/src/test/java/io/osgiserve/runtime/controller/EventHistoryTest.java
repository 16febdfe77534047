package io.osgiserve.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventHistoryTest {
    private final EventHistory history = new EventHistory(Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC));

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listed(Map<String, Object> doc) {
        return (List<Map<String, Object>>) (List<?>) doc.get("events");
    }

    @Test
    void onlyTheLastTwoHundredEventsAreKeptAndTheReaderIsToldHowManyItMissed() {
        for (int i = 1; i <= 250; i++) {
            history.record("default", "MangoStand", null, EventHistory.Kind.SCALE, "event " + i);
        }
        Map<String, Object> doc = history.document(0);
        assertThat(listed(doc)).hasSize(EventHistory.MAX_EVENTS);
        assertEquals("event 51", listed(doc).get(0).get("message"));
        assertEquals("event 250", listed(doc).get(199).get("message"));
        assertEquals(250L, doc.get("cursor"));
        assertEquals(50L, doc.get("dropped"));
        assertEquals(0L, history.document(100).get("dropped"));
    }

    @Test
    void aReaderGetsOnlyWhatHappenedAfterItsCursorAndNothingWhenNothingDid() {
        history.record("a", null, null, EventHistory.Kind.DEPLOY, "first");
        history.record("a", "D", "D#x", EventHistory.Kind.REPLICA_STARTED, "second");
        Map<String, Object> doc = history.document(1);
        assertThat(listed(doc)).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("seq", 2L).containsEntry("time_s", 1.7E9).containsEntry("application", "a")
                .containsEntry("deployment", "D").containsEntry("replica", "D#x")
                .containsEntry("kind", "replica_started").containsEntry("message", "second"));
        assertThat(listed(history.document(2))).isEmpty();
        assertEquals(2L, history.document(2).get("cursor"));
    }

    @Test
    void aCursorFromAnEarlierRunOfTheNodeGetsEverythingKept() {
        history.record("a", null, null, EventHistory.Kind.DEPLOY, "after the restart");
        assertThat(listed(history.document(57))).extracting(e -> e.get("message")).containsExactly("after the restart");
    }

    @Test
    void aMessageIsOneLineAndBounded() {
        history.record("a", "D", null, EventHistory.Kind.START_FAILED,
                "java.lang.IllegalStateException: no\n\tat Broken.<init>\r\n" + "x".repeat(5000));
        String message = (String) listed(history.document(0)).get(0).get("message");
        assertThat(message).doesNotContain("\n", "\r").startsWith("java.lang.IllegalStateException: no | at Broken.<init> | x")
                .hasSize(EventHistory.MAX_MESSAGE_CHARS).endsWith("...");
    }

    @Test
    void aStatusIsRecordedWhenItChangesNotOnEveryLook() {
        history.status("a", "D", "UPDATING", "");
        history.status("a", "D", "UPDATING", "");
        history.status("a", "D", "HEALTHY", "");
        history.status("a", "D", "HEALTHY", "");
        history.status("a", "D", "UNHEALTHY", "replica D#x failed 3 health checks");
        assertThat(listed(history.document(0))).extracting(e -> e.get("message"))
                .containsExactly("UPDATING", "HEALTHY", "UNHEALTHY: replica D#x failed 3 health checks");
        history.forget("a");
        history.status("a", "D", "UNHEALTHY", "");
        assertThat(listed(history.document(3))).extracting(e -> e.get("message")).containsExactly("UNHEALTHY");
    }
}
