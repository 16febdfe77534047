package io.osgiserve.runtime.controller;

import io.osgiserve.config.ChangeKind;
import io.osgiserve.config.DeploymentChange;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What happened on the node lately (deploys, reconfigures, replicas started, replaced or failed, status
 * changes, autoscaling, deletions), so that someone who looks after the fact still sees it. Bounded: the
 * last {@link #MAX_EVENTS} events, each message one line of at most {@link #MAX_MESSAGE_CHARS}. Every event
 * has a sequence number; a reader asks for the events after the last one it saw. Written and read on the
 * reconcile thread only, like all controller state.
 */
final class EventHistory {
    static final int MAX_EVENTS = 200;
    static final int MAX_MESSAGE_CHARS = 300;

    /** What kind of thing happened; written in lower case in the events document. */
    enum Kind {
        /** A deploy was accepted (a new goal generation for the application). */
        DEPLOY,
        /** What a deploy changes for one deployment: lightweight (replicas stay) or code (replicas replaced). */
        UPDATE,
        /** An operator's ConfigAdmin edit of a deployment was deployed. */
        CONFIG_EDIT,
        /** An operator's ConfigAdmin edit was refused, and the node's configuration written back. */
        CONFIG_REVERTED,
        /** A replica applied a new user_config. */
        RECONFIGURE,
        /** A replica's constructor returned: it is RUNNING and routed. */
        REPLICA_STARTED,
        /** A replica failed its health checks (or vanished) and is being replaced. */
        REPLICA_REPLACED,
        /** A replica failed to start: the user's exception, one line. */
        START_FAILED,
        /** An application's or a deployment's status changed. */
        STATUS,
        /** The autoscaler, or the scale API, set a new number of replicas. */
        SCALE,
        /** The application was deleted from the node. */
        DELETED;

        String written() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One event; {@code deployment} and {@code replica} are null when it concerns the whole application. */
    record Event(long seq, double time, String application, String deployment, String replica, Kind kind,
            String message) {
    }

    private final Clock clock;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    /** The last status recorded per "application" and "application/deployment", to record changes only. */
    private final Map<String, String> statuses = new HashMap<>();
    private long seq;

    EventHistory() {
        this(Clock.systemUTC());
    }

    EventHistory(Clock clock) {
        this.clock = clock;
    }

    /** Records one event; the oldest goes when there are {@link #MAX_EVENTS}. */
    void record(String application, String deployment, String replica, Kind kind, String message) {
        events.addLast(new Event(++seq, clock.millis() / 1000.0, application, deployment, replica, kind,
                oneLine(message)));
        while (events.size() > MAX_EVENTS) {
            events.removeFirst();
        }
    }

    /** Records the status of an application ({@code deployment} null) or a deployment when it differs from the last one. */
    void status(String application, String deployment, String status, String message) {
        String key = deployment == null ? application : application + "/" + deployment;
        if (!status.equals(statuses.put(key, status))) {
            record(application, deployment, null, Kind.STATUS,
                    status + (message == null || message.isEmpty() ? "" : ": " + message));
        }
    }

    /** An application's status and each of its deployments', recorded as they change. */
    void statuses(StatusView.App app) {
        status(app.name(), null, app.status(), app.message());
        for (ReplicaSet s : app.deployments()) {
            status(app.name(), s.name, s.status(), s.message());
        }
    }

    /** What a deploy does to one deployment, in the words of the reference: lightweight or code update. */
    static String update(ChangeKind kind, DeploymentChange change) {
        return switch (kind) {
            case ADD -> "new deployment: replicas start";
            case LIGHTWEIGHT -> "lightweight update, replicas stay:" + (change != null && change.reconfigure()
                    ? " user_config" : "") + (change != null && change.rescale() ? " num_replicas" : "")
                    + (change != null && !change.reconfigure() && !change.rescale() ? " options" : "");
            case REPLACE -> "update of " + (change == null ? "options" : String.join(", ", change.changed()))
                    + ": replicas replaced";
            case REINSTALL -> "code update: replicas replaced on the new code";
            case REMOVE -> "deployment removed";
            case UNCHANGED -> "unchanged";
        };
    }

    /** The application is gone: its statuses are forgotten (a new one of that name starts afresh). */
    void forget(String application) {
        statuses.keySet().removeIf(k -> k.equals(application) || k.startsWith(application + "/"));
    }

    /** The events after {@code since}, oldest first. */
    List<Event> since(long since) {
        List<Event> after = new ArrayList<>();
        for (Event e : events) {
            if (e.seq() > since) {
                after.add(e);
            }
        }
        return after;
    }

    /**
     * The events document of {@code GET /api/serve/events?since=N}: {@code events} after {@code since}, oldest
     * first; {@code cursor}, the sequence number to ask after next time; {@code dropped}, how many events
     * after {@code since} the bound already let go. A {@code since} past the newest event is a cursor of an
     * earlier run of the node (numbering starts again at 1): the reader gets every event kept.
     */
    Map<String, Object> document(long since) {
        since = since > seq ? 0 : Math.max(0, since);
        List<Object> listed = new ArrayList<>();
        for (Event e : since(since)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", e.seq());
            m.put("time_s", e.time());
            m.put("application", e.application());
            m.put("deployment", e.deployment());
            m.put("replica", e.replica());
            m.put("kind", e.kind().written());
            m.put("message", e.message());
            listed.add(m);
        }
        long oldest = events.isEmpty() ? seq + 1 : events.peekFirst().seq();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("events", listed);
        doc.put("cursor", seq);
        doc.put("dropped", Math.max(0, oldest - since - 1));
        return doc;
    }

    /** One line (a user's exception may span many), cut to {@link #MAX_MESSAGE_CHARS}. */
    static String oneLine(String message) {
        String line = message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " | ").strip();
        return line.length() <= MAX_MESSAGE_CHARS ? line : line.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
    }
}
