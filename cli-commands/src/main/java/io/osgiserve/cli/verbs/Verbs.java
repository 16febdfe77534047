package io.osgiserve.cli.verbs;

import io.osgiserve.cli.client.AgentClient;
import io.osgiserve.cli.client.AgentException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@code deploy}, {@code config}, {@code status} and {@code shutdown} do and print, once, for both
 * front ends: the {@code serve} command line and the Karaf shell's {@code serve:*} commands. Each verb
 * returns its output text (lines without the final line break); failures are {@link UserError} or
 * {@link io.osgiserve.cli.client.AgentException}, both with messages meant for the user.
 */
public final class Verbs {
    /** Ray's three lines after a deploy request was taken. */
    public static final List<String> DEPLOY_SENT = List.of(
            "Sent deploy request successfully!",
            " * Use `serve status` to check deployments' statuses.",
            " * Use `serve config` to see the running app's config.");
    public static final String SHUTDOWN_QUESTION = "Are you sure you want to shut down the application? [y/N]";
    public static final String SHUTDOWN_SENT = "Sent delete request successfully!";
    public static final String SHUTDOWN_CANCELLED = "Shutdown cancelled.";
    /** The name of the one application the V1 API manages. */
    public static final String V1_APPLICATION = "default";

    private final AgentClient agent;

    public Verbs(AgentClient agent) {
        this.agent = agent;
    }

    public AgentClient agent() {
        return agent;
    }

    /** Validates {@code file} locally (nothing is sent if it is invalid), then sends it. */
    public String deploy(Path file) {
        return deploy(ConfigFile.read(file));
    }

    /** Sends a config already read and validated (a file, or made from an import path). */
    public String deploy(ConfigFile config) {
        send(config);
        return String.join(System.lineSeparator(), DEPLOY_SENT);
    }

    /**
     * {@link #deploy} and then follows the application until it is RUNNING or DEPLOY_FAILED.
     *
     * @param lines receives the three success lines, then a progress line whenever it changes
     */
    public DeployWatch.Outcome deployAndWait(Path file, Consumer<String> lines, Duration poll, Duration timeout) {
        return deployAndWait(ConfigFile.read(file), lines, poll, timeout);
    }

    /** {@link #deployAndWait(Path, Consumer, Duration, Duration)} of a config already read. */
    public DeployWatch.Outcome deployAndWait(ConfigFile config, Consumer<String> lines, Duration poll, Duration timeout) {
        Object before = timestamp(agent.status());
        send(config);
        DEPLOY_SENT.forEach(lines);
        return new DeployWatch(agent, poll, timeout).await(before, lines);
    }

    /** Sends an already validated config. */
    public void send(ConfigFile config) {
        // each form has its API: Ray 2.0's form the V1 API, the multi-application form the V2 API
        if (config.document().form() == io.osgiserve.config.ConfigForm.MULTI_APP) {
            agent.deployApplications(config.bytes(), config.contentType());
        } else {
            agent.deploy(config.bytes(), config.contentType());
        }
    }

    /**
     * The goal state as YAML, keys in the order the agent returns them: the V1 application's config, else
     * each application's {@code deployed_app_config}, one YAML document each, joined by {@code ---}.
     */
    public String config() {
        return config(null);
    }

    /**
     * {@link #config()}, or only the application named {@code name} (null: all).
     *
     * @throws UserError naming the applications there are when none is called {@code name}
     */
    public String config(String name) {
        Map<String, Object> v1 = agent.config();
        if (runsV1(v1)) {
            requireV1Name(name);
            return strip(YamlText.of(v1));
        }
        Map<String, String> documents = new LinkedHashMap<>();
        if (agent.applications().get("applications") instanceof Map<?, ?> apps) {
            apps.forEach((app, details) -> {
                if (details instanceof Map<?, ?> a && a.get("deployed_app_config") != null) {
                    documents.put(String.valueOf(app), strip(YamlText.of(a.get("deployed_app_config"))));
                }
            });
        }
        if (name != null) {
            return select(documents, name);
        }
        return documents.isEmpty() ? strip(YamlText.of(v1)) : String.join(System.lineSeparator() + "---"
                + System.lineSeparator(), documents.values());
    }

    /**
     * The status as YAML: current Ray's shape ({@code proxies}, {@code applications}, {@code target_capacity})
     * unless the node runs a V1 application (or has no V2 API), then the seed's shape.
     */
    public String status() {
        return status(null);
    }

    /**
     * {@link #status()}, or only the application named {@code name} (null: all): its status, message,
     * last_deployed_time_s and deployments, as Ray prints one application.
     *
     * @throws UserError naming the applications there are when none is called {@code name}
     */
    public String status(String name) {
        Optional<Map<String, Object>> details = applicationsUnlessV1();
        if (details.isEmpty()) {
            requireV1Name(name);
            return strip(YamlText.of(StatusText.ordered(agent.status())));
        }
        Map<String, Object> status = ApplicationsStatusText.of(details.get());
        if (name == null) {
            return ApplicationsStatusText.text(status);
        }
        Map<String, String> byName = new LinkedHashMap<>();
        ((Map<?, ?>) status.get("applications")).forEach((app, s) -> byName.put(String.valueOf(app), strip(YamlText.of(s))));
        return select(byName, name);
    }

    /**
     * The details document when the node speaks the V2 API and runs no V1 application; empty when the seed's
     * shape applies (an agent without {@code /api/serve/applications/}, or a V1 application running).
     */
    private Optional<Map<String, Object>> applicationsUnlessV1() {
        Map<String, Object> details;
        try {
            details = agent.applications();
        } catch (AgentException e) {
            if (e.statusCode() == 404 || e.statusCode() == 405) {
                return Optional.empty(); // Ray 2.0's agent: V1 only
            }
            throw e;
        }
        if (!(details.get("applications") instanceof Map<?, ?>)) {
            return Optional.empty();
        }
        // asked whatever the details list: a restarted node has its V1 goal before the details show it running
        return runsV1(agent.config()) ? Optional.empty() : Optional.of(details);
    }

    /** Whether the V1 config (GET /api/serve/deployments/) is a deployed application, not the empty answer. */
    private static boolean runsV1(Map<String, Object> v1) {
        return v1.get("import_path") != null && !"".equals(v1.get("import_path"));
    }

    /** A V1 node runs one application, {@link #V1_APPLICATION}: any other name is unknown. */
    private static void requireV1Name(String name) {
        if (name != null && !V1_APPLICATION.equals(name)) {
            throw unknownApplication(name, List.of(V1_APPLICATION));
        }
    }

    private static String select(Map<String, String> byName, String name) {
        String text = byName.get(name);
        if (text == null) {
            throw unknownApplication(name, byName.keySet());
        }
        return text;
    }

    private static UserError unknownApplication(String name, java.util.Collection<String> there) {
        return new UserError("Application '" + name + "' does not exist on this node ("
                + (there.isEmpty() ? "no application is deployed" : "it runs: " + String.join(", ", there)) + ").");
    }

    /** Deletes the application (the caller has asked for confirmation). */
    /** The cluster's nodes, as YAML: each with its address, state, resources, what is used and its replicas. */
    public String nodes() {
        return strip(YamlText.of(agent.nodes()));
    }

    public String shutdown() {
        agent.shutdown();
        return SHUTDOWN_SENT;
    }

    /** Whether an answer to {@link #SHUTDOWN_QUESTION} is a yes ({@code y} or {@code yes}, any case). */
    public static boolean confirms(String answer) {
        if (answer == null) {
            return false;
        }
        String a = answer.trim().toLowerCase(Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }

    static Object timestamp(Map<String, Object> status) {
        return status.get("app_status") instanceof Map<?, ?> app ? app.get("deployment_timestamp") : null;
    }

    /** The text without its final line break (the front ends print it with their own). */
    static String strip(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
