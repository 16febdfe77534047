package io.osgiserve.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.util.Map;

/**
 * The agent REST API of one node (Ray 2.0's V1 API plus {@code /api/serve/applications/}). Every
 * failure is an {@link AgentException} whose message is one line for the user. The version endpoint
 * is probed once, before the first other request, so that a wrong address says so plainly.
 */
public final class AgentClient {
    static final String VERSION = "/api/ray/version";
    static final String DEPLOYMENTS = "/api/serve/deployments/";
    static final String STATUS = "/api/serve/deployments/status";
    static final String APPLICATIONS = "/api/serve/applications/";
    static final String NODES = "/api/serve/nodes";

    private static final String HINT = " Is a node running (serve start)? Set the address with -a or SERVE_AGENT_ADDRESS.";

    /** Numbers with a fraction stay decimal so that timestamps print as the agent wrote them. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() { };

    private final String address;
    private final String token;
    private final HttpClient http;
    private final Duration requestTimeout;
    private volatile boolean probed;

    /**
     * @param address the agent, as {@link AgentAddress#resolve} gives it
     * @param token sent as {@code Authorization: Bearer <token>}; null for none
     */
    public AgentClient(String address, String token) {
        this(address, token, null);
    }

    /** @param trust for {@code https://} agents: the CA certificates to trust; null for the JDK's trust store */
    public AgentClient(String address, String token, SSLContext trust) {
        this(address, token, trust, Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    public AgentClient(String address, String token, SSLContext trust, Duration connectTimeout, Duration requestTimeout) {
        this.address = AgentAddress.normalize(address);
        this.token = token;
        this.requestTimeout = requestTimeout;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1);
        if (trust != null) {
            builder.sslContext(trust);
        }
        this.http = builder.build();
    }

    public String address() {
        return address;
    }

    /** {@code GET /api/ray/version}: the agent's version document. */
    public Map<String, Object> version() {
        HttpResponse<String> response = send(request(VERSION).GET());
        int status = response.statusCode();
        // an agent answers 200 with its version (or 401/403 without the right token); anything else is not one
        boolean agent = status == 401 || status == 403
                || (status == 200 && response.body().contains("\"version\""));
        if (!agent) {
            throw new AgentException("The server at " + address + " is not a serve agent (GET " + VERSION
                    + " answered " + status + "). Set the address with -a or SERVE_AGENT_ADDRESS.", status, null);
        }
        probed = true;
        return document(expectOk(response), VERSION);
    }

    /** {@code PUT /api/serve/deployments/} with the config file's bytes as they are. */
    public void deploy(byte[] body, String contentType) {
        probe();
        expectOk(send(request(DEPLOYMENTS)
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    /** {@code PUT /api/serve/applications/} (the V2 API, declarative) with a multi-application config's bytes. */
    public void deployApplications(byte[] body, String contentType) {
        probe();
        expectOk(send(request(APPLICATIONS)
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    /** {@code GET /api/serve/deployments/}: the goal state, exactly as deployed. */
    public Map<String, Object> config() {
        probe();
        return document(expectOk(send(request(DEPLOYMENTS).GET())), DEPLOYMENTS);
    }

    /** {@code GET /api/serve/deployments/status}. */
    public Map<String, Object> status() {
        probe();
        return document(expectOk(send(request(STATUS).GET())), STATUS);
    }

    /** {@code GET /api/serve/nodes}: the cluster's nodes (ours; not in Ray's API). */
    public Map<String, Object> nodes() {
        probe();
        return document(expectOk(send(request(NODES).GET())), NODES);
    }

    /** {@code GET /api/serve/applications/}: details down to each replica. */
    public Map<String, Object> applications() {
        probe();
        return document(expectOk(send(request(APPLICATIONS).GET())), APPLICATIONS);
    }

    /** The lines {@code GET /api/serve/logs} answered, and the cursor to read on from. */
    public record LogPage(java.util.List<String> lines, long cursor, boolean more) {
    }

    /**
     * {@code GET /api/serve/logs}: recent lines of the node's log (of {@code deployment}, or all when
     * null), or with a {@code cursor} those written after it.
     */
    public LogPage logs(String deployment, Long cursor, int lines) {
        probe();
        StringBuilder path = new StringBuilder("/api/serve/logs?lines=").append(lines);
        if (deployment != null) {
            path.append("&deployment=").append(java.net.URLEncoder.encode(deployment, StandardCharsets.UTF_8));
        }
        if (cursor != null) {
            path.append("&cursor=").append(cursor);
        }
        Map<String, Object> page = document(expectOk(send(request(path.toString()).GET())), "/api/serve/logs");
        java.util.List<String> text = new java.util.ArrayList<>();
        if (page.get("lines") instanceof java.util.List<?> list) {
            list.forEach(line -> text.add(String.valueOf(line)));
        }
        return new LogPage(text, page.get("cursor") instanceof Number n ? n.longValue() : 0,
                Boolean.TRUE.equals(page.get("more")));
    }

    /**
     * {@code DELETE /api/serve/applications/}: tears every application down (V1's DELETE would leave those
     * deployed through the V2 API); an agent without the V2 API gets V1's {@code DELETE /api/serve/deployments/}.
     */
    public void shutdown() {
        probe();
        HttpResponse<String> response = send(request(APPLICATIONS).DELETE());
        if (response.statusCode() == 404 || response.statusCode() == 405) {
            response = send(request(DEPLOYMENTS).DELETE());
        }
        expectOk(response);
    }

    private void probe() {
        if (!probed) {
            version();
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(address + path))
                .timeout(requestTimeout)
                .header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new AgentException(unreachable("connection timed out"), e);
        } catch (ConnectException e) {
            String reason = hasCause(e, UnresolvedAddressException.class) ? "unknown host" : "connection refused";
            throw new AgentException(unreachable(reason), e);
        } catch (SSLHandshakeException e) {
            throw new AgentException("Cannot verify the serve agent at " + address + " over HTTPS: "
                    + (e.getMessage() == null ? "handshake failed" : e.getMessage().lines().findFirst().orElse(""))
                    + ". Give its CA certificate with --cacert or SERVE_AGENT_CACERT.", e);
        } catch (HttpTimeoutException e) {
            throw new AgentException("The serve agent at " + address + " did not answer within "
                    + requestTimeout.toSeconds() + " s.", e);
        } catch (IOException e) {
            throw new AgentException("Failed to talk to the serve agent at " + address + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + ". Is this the address of a serve agent? Set the address with -a or SERVE_AGENT_ADDRESS.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException("Interrupted while waiting for the serve agent at " + address + ".", e);
        }
    }

    private String unreachable(String reason) {
        return "Failed to connect to the serve agent at " + address + ": " + reason + "." + HINT;
    }

    private String expectOk(HttpResponse<String> response) {
        int code = response.statusCode();
        if (code / 100 == 2) {
            return response.body();
        }
        String body = response.body() == null ? "" : response.body().strip();
        String message = "Request failed with status code " + code + ": " + body;
        if (code == 401 && token == null) {
            message += " (pass --token or set SERVE_AGENT_TOKEN to the node's token)";
        }
        throw new AgentException(message, code, null);
    }

    private Map<String, Object> document(String body, String path) {
        try {
            Map<String, Object> document = JSON.readValue(body, DOCUMENT);
            if (document == null) {
                throw new AgentException("The serve agent at " + address + " answered GET " + path + " with an empty body.");
            }
            return document;
        } catch (JsonProcessingException e) {
            throw new AgentException("The serve agent at " + address + " answered GET " + path
                    + " with a body that is not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
