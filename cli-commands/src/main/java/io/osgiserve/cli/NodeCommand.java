package io.osgiserve.cli;

import io.osgiserve.cli.client.AgentAddress;
import io.osgiserve.cli.client.AgentCredentials;
import io.osgiserve.cli.node.AgentCertificateName;
import io.osgiserve.cli.node.LocalNode;
import io.osgiserve.cli.node.NodeRecord;
import io.osgiserve.cli.node.NodeSettings;
import io.osgiserve.cli.verbs.UserError;
import io.osgiserve.config.AgentAccess;
import io.osgiserve.config.AgentTokenFile;
import io.osgiserve.config.Loopback;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that starts the local node: the settings it takes and what it prints once it runs. An option
 * left out takes the value of the node's file ({@code etc/io.osgiserve.node.cfg}), else the default of
 * {@link io.osgiserve.config.NodeSettings}, exactly as the node itself will.
 */
abstract class NodeCommand implements Callable<Integer> {
    static final String NO_AUTH_WARNING = "WARNING: the serve node of this installation runs with --no-auth:"
            + " any program on this machine can deploy code to it as your user.";

    @Option(names = "--agent-host", paramLabel = "HOST",
            description = "Address the agent binds (default 127.0.0.1; others need HTTPS or --insecure).")
    String agentHost;

    @Option(names = "--agent-port", paramLabel = "PORT", description = "Port of the agent (default 52365).")
    Integer agentPort;

    @Option(names = "--http-host", paramLabel = "HOST", defaultValue = NodeSettings.DEFAULT_HTTP_HOST,
            description = "Address the ingress binds when a config does not say (default ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + NodeSettings.DEFAULT_HTTP_PORT,
            description = "Port of the ingress when a config does not say (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Also serve /metrics, without a token, on this port for scrapers (default: only on the agent, with its token).")
    Integer metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST",
            description = "Address the --metrics-port server binds (default 127.0.0.1).")
    String metricsHost;

    @Option(names = "--debug-errors",
            description = "A 500 from the ingress shows the exception's class and message (default: only a request id; the node's log has the exception).")
    boolean debugErrors;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The agent's token (default: $SERVE_AGENT_TOKEN, else $RAY_AUTH_TOKEN, else the one in the node's"
                    + " agent.token, else a new one).")
    String token;

    @Option(names = "--no-auth", description = "The agent asks for no token (loopback only; a warning on every command).")
    boolean noAuth;

    @Option(names = "--agent-host-names", paramLabel = "NAMES", split = ",",
            description = "Host names the agent answers besides loopback ones (comma-separated).")
    String[] agentHostNames;

    @Option(names = "--insecure", description = "Let the agent serve plain HTTP beyond loopback.")
    boolean insecure;

    @Option(names = "--agent-tls-certfile", paramLabel = "FILE", description = "PEM certificate (chain): the agent serves HTTPS.")
    Path agentCertificate;

    @Option(names = "--agent-tls-keyfile", paramLabel = "FILE", description = "PEM private key of --agent-tls-certfile.")
    Path agentKey;

    @Option(names = "--http-ssl-certfile", paramLabel = "FILE", description = "PEM certificate (chain): the ingress serves HTTPS.")
    Path httpCertificate;

    @Option(names = "--http-ssl-keyfile", paramLabel = "FILE", description = "PEM private key of --http-ssl-certfile.")
    Path httpKey;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for the node's agent (default ${DEFAULT-VALUE}).")
    long startTimeoutSeconds;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    final CliEnvironment environment;

    NodeCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    LocalNode node() {
        return localNode(environment, Duration.ofSeconds(startTimeoutSeconds));
    }

    static LocalNode localNode(CliEnvironment environment, Duration startTimeout) {
        return new LocalNode(environment.serveHome(), environment.env(), startTimeout, Duration.ofSeconds(60));
    }

    /** Starts the node with these options; refuses, before anything runs, what its agent would refuse. */
    NodeRecord start(LocalNode node) {
        return start(node, new ClusterOptions());
    }

    /** As {@link #start(LocalNode)}, as a node of a cluster when {@code cluster} says so. */
    NodeRecord start(LocalNode node, ClusterOptions cluster) {
        Map<String, String> given = given();
        cluster.putInto(given, AgentCredentials.token(token, environment.env(), () -> null), noAuth);
        io.osgiserve.config.NodeSettings effective = node.settings(given);
        try {
            Optional<String> refusal = AgentAccess.refusal(effective);
            if (refusal.isPresent()) {
                throw new UserError(refusal.get());
            }
            boolean auth = AgentAccess.tokenRequired(effective);
            // the agent's own settings, parsed as the node will: a value that does not parse is one line now,
            // not an agent that never answers
            effective.bytes(io.osgiserve.config.NodeSettings.AGENT_MAX_BODY);
            effective.flag(io.osgiserve.config.NodeSettings.AGENT_INSECURE);
            String certificate = effective.text(io.osgiserve.config.NodeSettings.AGENT_TLS_CERTFILE);
            String host = effective.text(io.osgiserve.config.NodeSettings.AGENT_HOST);
            boolean tls = AgentAccess.tls(effective);
            // an HTTPS agent on all interfaces is reached over this machine by a name its certificate holds
            String name = tls && !certificate.isEmpty() && isWildcard(host)
                    ? AgentCertificateName.choose(Path.of(certificate), effective.list(io.osgiserve.config.NodeSettings.AGENT_HOST_NAMES))
                    : "";
            NodeSettings settings = new NodeSettings(host,
                    effective.port(io.osgiserve.config.NodeSettings.AGENT_PORT),
                    httpHost, httpPort, tls, auth,
                    certificate.isEmpty() ? "" : Path.of(certificate).toAbsolutePath().toString(),
                    auth ? AgentTokenFile.of(effective, node.dataDir()).path().toAbsolutePath().toString() : "", name);
            Map<String, String> properties = new LinkedHashMap<>(given);
            properties.put(io.osgiserve.config.NodeSettings.AGENT_HOST.key(), settings.agentHost());
            properties.put(io.osgiserve.config.NodeSettings.AGENT_PORT.key(), Integer.toString(settings.agentPort()));
            properties.put("serve.http.host", httpHost);
            properties.put("serve.http.port", Integer.toString(httpPort));
            // the token the other commands would send from this environment (so they agree), else the node's own
            String nodeToken = auth ? AgentCredentials.token(token, environment.env(), () -> null) : null;
            if (auth && nodeToken == null && cluster.clustered()) {
                // the head's token is the cluster's: made here, so that its agent and its member start with the same one
                nodeToken = AgentTokenFile.of(effective, node.dataDir()).establish(Optional.empty());
            }
            NodeRecord record = node.start(settings, properties, nodeToken);
            if (cluster.clustered()) {
                node.awaitClusterMember(record, nodeToken);
            }
            return record;
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new UserError("Cannot keep the node's token: " + e.getMessage(), e);
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** The node settings given as options (so the node's file and defaults apply to the rest). */
    private Map<String, String> given() {
        Map<String, String> given = new LinkedHashMap<>();
        if (agentHost != null) {
            given.put(io.osgiserve.config.NodeSettings.AGENT_HOST.key(), agentHost);
        }
        if (agentPort != null) {
            given.put(io.osgiserve.config.NodeSettings.AGENT_PORT.key(), agentPort.toString());
        }
        if (noAuth) {
            given.put(io.osgiserve.config.NodeSettings.AGENT_AUTH.key(), "false");
        }
        if (agentHostNames != null && agentHostNames.length > 0) {
            given.put(io.osgiserve.config.NodeSettings.AGENT_HOST_NAMES.key(), String.join(",", agentHostNames));
        }
        if (insecure) {
            given.put(io.osgiserve.config.NodeSettings.AGENT_INSECURE.key(), "true");
        }
        if (metricsPort != null) {
            given.put(io.osgiserve.config.NodeSettings.METRICS_PORT.key(), metricsPort.toString());
        }
        if (metricsHost != null) {
            given.put(io.osgiserve.config.NodeSettings.METRICS_HOST.key(), metricsHost);
        }
        if (debugErrors) {
            // only when asked: otherwise the node's own settings decide
            given.put(io.osgiserve.config.NodeSettings.HTTP_DEBUG_ERRORS.key(), "true");
        }
        putPath(given, io.osgiserve.config.NodeSettings.AGENT_TLS_CERTFILE, agentCertificate);
        putPath(given, io.osgiserve.config.NodeSettings.AGENT_TLS_KEYFILE, agentKey);
        putPath(given, io.osgiserve.config.NodeSettings.HTTP_SSL_CERTFILE, httpCertificate);
        putPath(given, io.osgiserve.config.NodeSettings.HTTP_SSL_KEYFILE, httpKey);
        return given;
    }

    /** Absolute, since the node runs in its own directory. */
    private static void putPath(Map<String, String> given, io.osgiserve.config.NodeSettings.Setting setting, Path path) {
        if (path != null) {
            given.put(setting.key(), path.toAbsolutePath().normalize().toString());
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    void printStarted(NodeRecord node) {
        PrintWriter out = out();
        NodeSettings s = node.settings();
        out.println("Started a serve node (pid " + node.pid() + "); its output goes to " + node.log() + ".");
        out.println("Agent:   " + s.agentAddress());
        out.println("Ingress: " + s.ingressAddress() + " (bound to " + s.httpHost() + ":" + s.httpPort()
                + " once an application is deployed, unless its config sets host/port)");
        if (s.agentAuth()) {
            out.println("Token:   in " + s.tokenFile() + " (the commands of this installation send it)");
        }
        String named = AgentAddress.resolve(null, environment.env(), () -> s.agentAddress());
        if (!sameAgent(s.agentAddress(), named)) {
            out.println("SERVE_AGENT_ADDRESS names another agent (" + named + "); the other commands reach this one with -a "
                    + s.agentAddress());
        } else if (!sameAgent(s.agentAddress(), AgentAddress.DEFAULT)) {
            out.println("The other commands of this installation find this agent; from elsewhere: -a " + s.agentAddress()
                    + " or export SERVE_AGENT_ADDRESS=" + s.agentAddress());
        }
        out.flush();
        if (!s.agentAuth()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(NO_AUTH_WARNING);
            err.flush();
        }
    }

    /** Whether the commands' default address reaches this agent (loopback names are one host). */
    static boolean sameAgent(String a, String b) {
        URI x = URI.create(a);
        URI y = URI.create(b);
        return x.getPort() == y.getPort()
                && (x.getHost().equalsIgnoreCase(y.getHost()) || (Loopback.isLoopback(x.getHost()) && Loopback.isLoopback(y.getHost())));
    }
}
