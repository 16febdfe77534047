package io.osgiserve.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
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

    // ---- code fetching (runtime_env: working_dir, bundles, py_modules)
    public static final Setting CODE_MAX_ARTIFACT_SIZE = define("serve.code.max_artifact_size", "256m",
            "largest jar, zip or download a runtime_env may name, checked while reading");
    public static final Setting CODE_FETCH_TIMEOUT = define("serve.code.fetch_timeout", "5m",
            "total time one runtime_env URI may take to fetch, redirects and unpacking included");
    public static final Setting CODE_MAX_REDIRECTS = define("serve.code.max_redirects", "5",
            "HTTP redirects followed per download (never from https: to http:)");
    public static final Setting CODE_ZIP_MAX_ENTRIES = define("serve.code.zip.max_entries", "65536",
            "entries an archive (or a directory of jars) may hold");
    public static final Setting CODE_ZIP_MAX_UNCOMPRESSED = define("serve.code.zip.max_uncompressed", "1g",
            "bytes the archives of one runtime_env URI may inflate to (zip bombs)");
    public static final Setting CODE_CACHE_DIR = define("serve.code.cache.dir", "",
            "where fetched code is kept by content digest (empty: code-cache in the node's data directory)");
    public static final Setting CODE_CACHE_MAX_SIZE = define("serve.code.cache.max_size", "2g",
            "disk the code cache may use; least recently used files go first");
    public static final Setting CODE_FILE_ALLOWED_ROOTS = define("serve.code.file.allowed_roots", "",
            "directories file: URIs may name in a deploy from a non-loopback caller (empty: none)");
    public static final Setting CODE_MAVEN_REPOSITORY = define("serve.maven.repository", "",
            "local Maven repository mvn: URIs resolve from (empty: maven.repo.local, else ~/.m2/repository)");
    public static final Setting CODE_MAVEN_REMOTE_REPOSITORIES = define("serve.maven.remote_repositories", "",
            "remote Maven repositories for mvn: URIs, comma-separated URLs (empty: offline, local repository only)");

    // ingress: limits against hostile traffic, and how much of an error a response shows
    public static final Setting HTTP_MAX_BODY =
            define("serve.http.max_body_bytes", "16m", "largest request body the ingress takes; past it 413");
    public static final Setting HTTP_MAX_BUFFERED =
            define("serve.http.max_buffered_bytes", "64m",
                    "request body bytes the ingress holds at once, all requests together; past it 503 with Retry-After");
    public static final Setting HTTP_IDLE_TIMEOUT =
            define("serve.http.idle_timeout", "30s", "an ingress connection that sends and receives nothing this long is closed");
    public static final Setting HTTP_BODY_TIMEOUT =
            define("serve.http.body_timeout", "60s", "longest a request body may take to arrive at the ingress; past it 408");
    public static final Setting HTTP_DEBUG_ERRORS =
            define("serve.http.debug_errors", "false",
                    "a 500 shows the exception's class and message (else only a request id; the log has the exception)");

    // --- agent security and TLS (agentsec) ---
    public static final Setting AGENT_AUTH = define("serve.agent.auth", "true",
            "false: the agent asks for no token (loopback only; serve start --no-auth)");
    public static final Setting AGENT_TOKEN = define("serve.agent.token", "",
            "the agent's bearer token, unless $SERVE_AGENT_TOKEN (serve start --token) gives one;"
                    + " empty: the token file, else a new random one");
    public static final Setting AGENT_TOKEN_FILE = define("serve.agent.token.file", "",
            "where the node keeps its token (mode 0600); empty: agent.token in the node's data directory");
    public static final Setting AGENT_HOST_NAMES = define("serve.agent.host.names", "",
            "Host names the agent answers besides loopback ones, comma-separated (serve start --agent-host-names)");
    public static final Setting AGENT_INSECURE = define("serve.agent.insecure", "false",
            "true: the agent may serve plain HTTP beyond loopback (serve start --insecure)");
    public static final Setting AGENT_TLS_CERTFILE = define("serve.agent.tls.certfile", "",
            "PEM certificate (chain) of the agent's HTTPS (serve start --agent-tls-certfile)");
    public static final Setting AGENT_TLS_KEYFILE = define("serve.agent.tls.keyfile", "",
            "PEM private key of that certificate (serve start --agent-tls-keyfile)");
    public static final Setting AGENT_TLS_KEYSTORE = define("serve.agent.tls.keystore", "",
            "PKCS#12 key store of the agent's HTTPS, instead of the PEM files");
    public static final Setting AGENT_TLS_KEYSTORE_PASSWORD = define("serve.agent.tls.keystore.password", "",
            "password of that key store");
    public static final Setting AGENT_MAX_BODY = define("serve.agent.max.body", "1m",
            "largest request body the agent reads (413 past it)");
    public static final Setting HTTP_SSL_CERTFILE = define("serve.http.ssl_certfile", "",
            "PEM certificate (chain) of the ingress' HTTPS, as Ray's http_options.ssl_certfile");
    public static final Setting HTTP_SSL_KEYFILE = define("serve.http.ssl_keyfile", "",
            "PEM private key of the ingress' certificate, as Ray's http_options.ssl_keyfile");
    public static final Setting HTTP_SSL_KEYSTORE = define("serve.http.ssl_keystore", "",
            "PKCS#12 key store of the ingress' HTTPS, instead of the PEM files");
    public static final Setting HTTP_SSL_KEYSTORE_PASSWORD = define("serve.http.ssl_keystore_password", "",
            "password of that key store");
    // --- end agentsec ---

    // ---- cluster (serve-cluster: one Hazelcast member per node)
    public static final Setting CLUSTER_ENABLED = define("serve.cluster.enabled", "false",
            "whether this node is a cluster member (serve start --head or --address set it; false: a single node without Hazelcast)");
    public static final Setting CLUSTER_HOST = define("serve.cluster.host", "127.0.0.1",
            "address (an IP) the cluster member binds to and other nodes reach it on");
    public static final Setting CLUSTER_PORT = define("serve.cluster.port", "5701",
            "port of the cluster member; reachable only from cluster nodes (member traffic is not encrypted)");
    public static final Setting CLUSTER_MEMBERS = define("serve.cluster.members", "",
            "host:port of cluster members to join, comma-separated (empty: start a new cluster)");
    public static final Setting CLUSTER_TOKEN = define("serve.cluster.token", "",
            "the cluster's token, from which its name and join secret derive (empty: agent.token in the data directory)");
    public static final Setting CLUSTER_NUM_CPUS = define("serve.cluster.num_cpus", "",
            "CPUs this node offers to replicas' num_cpus (empty: its cores)");
    public static final Setting CLUSTER_MEMORY = define("serve.cluster.memory", "",
            "bytes this node offers to replicas' memory (empty: the JVM's maximum heap)");
    public static final Setting CLUSTER_RESOURCES = define("serve.cluster.resources", "{}",
            "custom resources this node offers, as JSON {\"name\": amount}");

    // ---- cluster data plane (issue #13, "data"): the internal port of calls between nodes
    public static final Setting INTERNAL_HOST = define("serve.internal.host", "127.0.0.1",
            "address the internal port (calls between cluster nodes, code by digest) binds to and is published as");
    public static final Setting INTERNAL_PORT = define("serve.internal.port", "0",
            "port of the internal server (0: any free port)");
    public static final Setting INTERNAL_MAX_BODY = define("serve.internal.max_body", "16m",
            "largest call or answer body between nodes (a larger one is refused with 413)");

    // ---- cluster code by digest, HeadOnly, HTTPS between nodes (issue #13, "cludigest")
    public static final Setting INTERNAL_TLS_CAFILE = define("serve.internal.tls.cafile", "",
            "PEM certificates the other nodes' HTTPS internal ports are checked against, besides the JDK's CAs"
                    + " (empty: the node's own agent certificate file)");

    // ---- cluster node loss (issue #13, "clufault"): calls to a hung node end
    public static final Setting INTERNAL_CALL_TIMEOUT = define("serve.internal.call_timeout", "30s",
            "longest a call to a replica on another node waits for its answer (past it 504 naming the node); 1ms to 1h");

    // Metrics, dashboard and access log (issue #14)
    public static final Setting METRICS_ENABLED =
            define("serve.metrics.enabled", "true", "record Prometheus metrics and serve GET /metrics (false: record nothing)");
    public static final Setting METRICS_HOST =
            define("serve.metrics.host", "127.0.0.1", "address the separate /metrics server for scrapers binds to");
    public static final Setting METRICS_PORT =
            define("serve.metrics.port", "-1", "port of the separate /metrics server for scrapers (-1: none, 0: any free port)");
    public static final Setting ACCESS_LOG =
            define("serve.access.log", "false", "write one access-log line per request to the logger serve.access,"
                    + " for applications whose config does not set logging_config.enable_access_log");
    public static final Setting DASHBOARD_SESSION_TTL =
            define("serve.dashboard.session.ttl", "12h", "how long a dashboard sign-in lasts");
    public static final Setting DASHBOARD_SESSIONS_MAX =
            define("serve.dashboard.sessions.max", "64", "dashboard sign-ins kept at once (the oldest goes first)");
    public static final Setting LOGS_FILE = define("serve.logs.file", "",
            "the node's log file that serve logs reads through the agent (empty: Karaf's karaf.log; none outside Karaf)");

    private final Function<String, String> lookup;

    private NodeSettings(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /**
     * @param lookup a setting's value by key, null when unset (for example {@code BundleContext::getProperty});
     *     when it names {@code karaf.etc} and that directory holds {@link #NODE_FILE}, the file's values
     *     apply where the lookup has none
     * @throws IllegalArgumentException with a one-line message when the node's file cannot be read
     */
    public static NodeSettings from(Function<String, String> lookup) {
        Properties file = nodeFile(lookup.apply("karaf.etc"));
        if (file.isEmpty()) {
            return new NodeSettings(lookup);
        }
        return new NodeSettings(key -> {
            String value = lookup.apply(key);
            return value == null || value.isBlank() ? file.getProperty(key) : value;
        });
    }

    /** The node's configuration file, in its {@code etc} directory: every setting may be written there. */
    public static final String NODE_FILE = "io.osgiserve.node.cfg";

    private static Properties nodeFile(String etc) {
        Properties properties = new Properties();
        if (etc == null || etc.isBlank()) {
            return properties;
        }
        Path file = Path.of(etc.trim(), NODE_FILE);
        if (!Files.isRegularFile(file)) {
            return properties;
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the node's settings from " + file + ": " + e.getMessage(), e);
        }
        return properties;
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

    /**
     * Whether this node is the head, which alone serves HTTP under proxy_location HeadOnly: a single node,
     * or a cluster member with no members to join (serve start --head). Known before anything starts.
     */
    public boolean head() {
        return !flag(CLUSTER_ENABLED) || list(CLUSTER_MEMBERS).isEmpty();
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
