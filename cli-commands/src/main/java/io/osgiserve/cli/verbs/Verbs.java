package io.osgiserve.cli.verbs;

import io.osgiserve.cli.client.AgentClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        Map<String, Object> v1 = agent.config();
        if (!"".equals(v1.get("import_path"))) {
            return strip(YamlText.of(v1));
        }
        List<String> documents = new java.util.ArrayList<>();
        if (agent.applications().get("applications") instanceof Map<?, ?> apps) {
            for (Object app : apps.values()) {
                if (app instanceof Map<?, ?> a && a.get("deployed_app_config") != null) {
                    documents.add(strip(YamlText.of(a.get("deployed_app_config"))));
                }
            }
        }
        return documents.isEmpty() ? strip(YamlText.of(v1)) : String.join(System.lineSeparator() + "---"
                + System.lineSeparator(), documents);
    }

    /** The status as YAML in the seed's shape. */
    public String status() {
        return strip(YamlText.of(StatusText.ordered(agent.status())));
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

    private static String strip(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
