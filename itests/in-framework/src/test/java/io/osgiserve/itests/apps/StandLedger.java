package io.osgiserve.itests.apps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What happened to the {@link CountingStand} objects: every construction and every reconfigure call,
 * with the replica id and the very object, and every close. The tests clear it before each test.
 */
public final class StandLedger {
    /** One constructor run or reconfigure call. {@code config} is null for a construction. */
    public record Event(String replicaId, Object stand, Map<String, Object> config) {
        public boolean isConstruction() {
            return config == null;
        }
    }

    private static final List<Event> EVENTS = new CopyOnWriteArrayList<>();
    private static final List<String> CLOSED = new CopyOnWriteArrayList<>();

    private StandLedger() {
    }

    static void constructed(String replicaId, Object stand) {
        EVENTS.add(new Event(replicaId, stand, null));
    }

    static void reconfigured(String replicaId, Object stand, Map<String, Object> config) {
        EVENTS.add(new Event(replicaId, stand, Collections.unmodifiableMap(new LinkedHashMap<>(config))));
    }

    static void closed(String replicaId) {
        CLOSED.add(replicaId);
    }

    public static void clear() {
        EVENTS.clear();
        CLOSED.clear();
    }

    /** The replicas whose close hook ran, in order. */
    public static List<String> closed() {
        return List.copyOf(CLOSED);
    }

    public static List<Event> constructions() {
        return EVENTS.stream().filter(Event::isConstruction).toList();
    }

    /** The reconfigure calls that set {@code price} to {@code price}. */
    public static List<Event> reconfiguresTo(int price) {
        List<Event> calls = new ArrayList<>();
        for (Event e : EVENTS) {
            if (!e.isConstruction() && e.config().get("price") instanceof Number n && n.intValue() == price) {
                calls.add(e);
            }
        }
        return calls;
    }
}
