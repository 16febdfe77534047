package io.osgiserve.cli.verbs;

import io.osgiserve.cli.client.AgentClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Follows a deploy until the application is RUNNING or DEPLOY_FAILED, reporting each deployment's
 * ready and target replicas whenever they change ({@code serve deploy --wait}, {@code serve run}).
 */
public final class DeployWatch {
    /**
     * A status that was already terminal when the deploy was sent may be stale; it counts only once
     * the node has taken the request (a new deployment_timestamp) or after this long.
     */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    /** Where the application ended. */
    public record Outcome(String status, String message) {
        public boolean running() {
            return "RUNNING".equals(status);
        }
    }

    private final AgentClient agent;
    private final Duration poll;
    private final Duration timeout;

    public DeployWatch(AgentClient agent, Duration poll, Duration timeout) {
        this.agent = agent;
        this.poll = poll;
        this.timeout = timeout;
    }

    /**
     * Polls until the application is terminal for a deploy sent after the status read
     * {@code timestampBefore}.
     *
     * @param progress receives a line each time the progress changes
     * @throws UserError when {@code timeout} passes first
     */
    public Outcome await(Object timestampBefore, Consumer<String> progress) {
        long start = System.nanoTime();
        String last = null;
        while (true) {
            Map<String, Object> status = agent.status();
            Map<String, Object> applications = agent.applications();
            String line = progressLine(status, applications);
            if (!line.equals(last)) {
                progress.accept(line);
                last = line;
            }
            Map<?, ?> app = status.get("app_status") instanceof Map<?, ?> m ? m : Map.of();
            String appStatus = String.valueOf(app.get("status"));
            boolean terminal = appStatus.equals("RUNNING") || appStatus.equals("DEPLOY_FAILED");
            boolean taken = !Objects.equals(numeric(app.get("deployment_timestamp")), numeric(timestampBefore))
                    || elapsed(start).compareTo(SETTLE) >= 0;
            if (terminal && taken) {
                return new Outcome(appStatus, failureMessage(app, status));
            }
            if (elapsed(start).compareTo(timeout) >= 0) {
                throw new UserError("Gave up waiting after " + timeout.toSeconds() + " s: the application is "
                        + appStatus + ". The node goes on deploying; follow it with serve status.");
            }
            pause();
        }
    }

    /** Why the application is DEPLOY_FAILED, as the node says. */
    public String failureMessage() {
        Map<String, Object> status = agent.status();
        Map<?, ?> app = status.get("app_status") instanceof Map<?, ?> m ? m : Map.of();
        return failureMessage(app, status);
    }

    /** The progress line for the application as it is now. */
    public String progress() {
        return progressLine(agent.status(), agent.applications());
    }

    /** {@code DEPLOYING: MangoStand 1/2, OrangeStand 1/1, ...} (ready/target replicas, else the deployment's status). */
    static String progressLine(Map<String, Object> status, Map<String, Object> applications) {
        Map<?, ?> app = status.get("app_status") instanceof Map<?, ?> m ? m : Map.of();
        Map<String, int[]> replicas = replicas(applications);
        List<String> parts = new ArrayList<>();
        if (status.get("deployment_statuses") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> deployment) {
                    String name = String.valueOf(deployment.get("name"));
                    int[] counts = replicas.get(name);
                    parts.add(counts == null
                            ? name + " " + deployment.get("status")
                            : name + " " + counts[0] + "/" + counts[1]);
                }
            }
        }
        String line = String.valueOf(app.get("status"));
        return parts.isEmpty() ? line : line + ": " + String.join(", ", parts);
    }

    /**
     * Per deployment name: {ready, target} from the applications document ({@code applications} ->
     * app -> {@code deployments} -> deployment with {@code target_num_replicas} and {@code replicas}
     * whose {@code state} is RUNNING when ready). Maps and lists keyed by {@code name} are both read.
     */
    static Map<String, int[]> replicas(Map<String, Object> applications) {
        Map<String, int[]> out = new LinkedHashMap<>();
        List<Object> apps = new ArrayList<>();
        if (applications.containsKey("applications")) {
            apps.addAll(entries(applications.get("applications")));
        } else {
            apps.add(applications);
        }
        for (Object appValue : apps) {
            if (!(appValue instanceof Map<?, ?> app)) {
                continue;
            }
            for (Object depValue : entries(app.get("deployments"))) {
                if (depValue instanceof Map<?, ?> dep && dep.get("name") != null
                        && dep.get("target_num_replicas") instanceof Number target) {
                    int ready = 0;
                    for (Object replica : entries(dep.get("replicas"))) {
                        if (replica instanceof Map<?, ?> r && "RUNNING".equals(r.get("state"))) {
                            ready++;
                        }
                    }
                    out.put(String.valueOf(dep.get("name")), new int[] {ready, target.intValue()});
                }
            }
        }
        return out;
    }

    private static List<Object> entries(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<Object> out = new ArrayList<>();
            map.forEach((k, v) -> out.add(v instanceof Map<?, ?> m && !m.containsKey("name") ? withName(k, m) : v));
            return out;
        }
        return value instanceof List<?> list ? new ArrayList<>(list) : List.of();
    }

    private static Map<Object, Object> withName(Object name, Map<?, ?> value) {
        Map<Object, Object> out = new LinkedHashMap<>(value);
        out.put("name", name);
        return out;
    }

    private static String failureMessage(Map<?, ?> app, Map<String, Object> status) {
        Object message = app.get("message");
        if (message != null && !String.valueOf(message).isBlank()) {
            return String.valueOf(message);
        }
        if (status.get("deployment_statuses") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> d && !"HEALTHY".equals(d.get("status"))
                        && d.get("message") != null && !String.valueOf(d.get("message")).isBlank()) {
                    return d.get("name") + ": " + d.get("message");
                }
            }
        }
        return "";
    }

    private static Object numeric(Object value) {
        return value instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros() : value;
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void pause() {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("Interrupted while waiting for the deploy.", e);
        }
    }
}
