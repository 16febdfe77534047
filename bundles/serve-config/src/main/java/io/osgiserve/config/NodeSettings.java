package io.osgiserve.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Every setting of a node, with its key, default and meaning, in one place: the agent, the ingress, the
 * code fetcher and the runtime read theirs from here, and the README's table lists {@link #ALL}.
 *
 * <p>Values come from a lookup (in the node: framework properties, which {@code serve start} options and
 * the node's configuration file set); a missing or blank value means the default. A value that does not
 * parse is refused with a one-line message naming the key, so a node never starts with a setting it
 * silently misread.
 */
public final class NodeSettings {

    /** One setting: its key, its default as text, and what it does (one line, for the README). */
    public record Setting(String key, String defaultValue, String description) {}

    private static final List<Setting> DEFINED = new ArrayList<>();

    /** Every setting, in the order defined. */
    public static final List<Setting> ALL = Collections.unmodifiableList(DEFINED);

    public static final Setting AGENT_HOST =
            define("serve.agent.host", "127.0.0.1", "address the agent binds to");
    public static final Setting AGENT_PORT =
            define("serve.agent.port", "52365", "port of the agent (0: any free port)");

    // Metrics, dashboard and access log (issue #14)
    public static final Setting METRICS_ENABLED =
            define("serve.metrics.enabled", "true", "record Prometheus metrics and serve GET /metrics (false: record nothing)");
    public static final Setting METRICS_HOST =
            define("serve.metrics.host", "127.0.0.1", "address the separate /metrics server for scrapers binds to");
    public static final Setting METRICS_PORT =
            define("serve.metrics.port", "-1", "port of the separate /metrics server for scrapers (-1: none, 0: any free port)");
    public static final Setting ACCESS_LOG =
            define("serve.access.log", "true", "write one access-log line per request to the logger serve.access");
    public static final Setting DASHBOARD_SESSION_TTL =
            define("serve.dashboard.session.ttl", "12h", "how long a dashboard sign-in lasts");
    public static final Setting DASHBOARD_SESSIONS_MAX =
            define("serve.dashboard.sessions.max", "64", "dashboard sign-ins kept at once (the oldest goes first)");

    private final Function<String, String> lookup;

    private NodeSettings(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** @param lookup a setting's value by key, null when unset (for example {@code BundleContext::getProperty}) */
    public static NodeSettings from(Function<String, String> lookup) {
        return new NodeSettings(lookup);
    }

    static Setting define(String key, String defaultValue, String description) {
        Setting setting = new Setting(key, defaultValue, description);
        DEFINED.add(setting);
        return setting;
    }

    /** The value as written, or the default. */
    public String text(Setting setting) {
        String value = lookup.apply(setting.key());
        return value == null || value.isBlank() ? setting.defaultValue() : value.trim();
    }

    public int integer(Setting setting) {
        String text = text(setting);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid(setting, text, "a whole number");
        }
    }

    public long number(Setting setting) {
        String text = text(setting);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(setting, text, "a whole number");
        }
    }

    public boolean flag(Setting setting) {
        String text = text(setting).toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(setting, text, "true or false");
        };
    }

    /** A port, 0 to 65535. */
    public int port(Setting setting) {
        int port = integer(setting);
        if (port < 0 || port > 65535) {
            throw invalid(setting, text(setting), "a port number (0 to 65535)");
        }
        return port;
    }

    /** A size in bytes: a number with an optional unit (k, m, g, t; powers of 1024), for example {@code 256m}. */
    public long bytes(Setting setting) {
        String text = text(setting).toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long unit = 1;
        if (!text.isEmpty()) {
            switch (text.charAt(text.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                case 't' -> unit = 1L << 40;
                default -> unit = 1;
            }
        }
        String digits = unit == 1 ? text : text.substring(0, text.length() - 1);
        try {
            long value = Long.parseLong(digits.trim());
            if (value < 0 || value > Long.MAX_VALUE / unit) {
                throw invalid(setting, text(setting), "a size such as 1048576, 512k, 256m or 1g");
            }
            return value * unit;
        } catch (NumberFormatException e) {
            throw invalid(setting, text(setting), "a size such as 1048576, 512k, 256m or 1g");
        }
    }

    /** A duration: a number of seconds with an optional unit (ms, s, m, h), for example {@code 300s} or {@code 5m}. */
    public Duration duration(Setting setting) {
        String text = text(setting).toLowerCase(Locale.ROOT);
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
            }
            if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1).trim()) * 1000));
            }
            if (text.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1).trim()) * 60);
            }
            if (text.endsWith("h")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1).trim()) * 3600);
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
        } catch (NumberFormatException e) {
            throw invalid(setting, text, "a duration such as 300s, 5m or 1500ms");
        }
    }

    /** A comma-separated list, blanks dropped. */
    public List<String> list(Setting setting) {
        List<String> items = new ArrayList<>();
        for (String item : text(setting).split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return List.copyOf(items);
    }

    private static IllegalArgumentException invalid(Setting setting, String text, String expected) {
        return new IllegalArgumentException(setting.key() + ": '" + text + "' is not " + expected);
    }
}
