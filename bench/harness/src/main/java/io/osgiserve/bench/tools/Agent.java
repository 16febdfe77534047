package io.osgiserve.bench.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The node's agent, as the benchmarks talk to it: PUT a config, read the status and the replicas. */
final class Agent {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    /** The node's token, as the bench scripts export it for the node and the CLI alike. */
    private final String token = System.getenv().getOrDefault("SERVE_AGENT_TOKEN", "");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Agent(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    void put(byte[] config, String contentType) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/serve/deployments/"))
                .header("Content-Type", contentType).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(config)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("PUT /api/serve/deployments/ answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** app_status.status and app_status.message. */
    String[] appStatus() throws IOException, InterruptedException {
        Map<?, ?> doc = get("/api/serve/deployments/status");
        Map<?, ?> app = (Map<?, ?>) doc.get("app_status");
        return new String[] {String.valueOf(app.get("status")), String.valueOf(app.get("message"))};
    }

    /** Every deployment of the application with its target and its replicas (retiring ones included). */
    Map<String, DeploymentView> deployments() throws IOException, InterruptedException {
        Map<?, ?> doc = get("/api/serve/applications/");
        Map<String, DeploymentView> out = new LinkedHashMap<>();
        Map<?, ?> apps = (Map<?, ?>) doc.get("applications");
        if (apps == null) {
            return out;
        }
        for (Object app : apps.values()) {
            Map<?, ?> deployments = (Map<?, ?>) ((Map<?, ?>) app).get("deployments");
            if (deployments == null) {
                continue;
            }
            for (Object d : deployments.values()) {
                Map<?, ?> m = (Map<?, ?>) d;
                List<ReplicaView> replicas = new ArrayList<>();
                for (Object r : (List<?>) m.get("replicas")) {
                    Map<?, ?> rm = (Map<?, ?>) r;
                    replicas.add(new ReplicaView(String.valueOf(rm.get("replica_id")), String.valueOf(rm.get("state")),
                            ((Number) rm.get("version")).longValue()));
                }
                Object target = m.get("target_num_replicas");
                out.put(String.valueOf(m.get("name")), new DeploymentView(String.valueOf(m.get("name")),
                        String.valueOf(m.get("status")), target == null ? -1 : ((Number) target).intValue(), replicas));
            }
        }
        return out;
    }

    private Map<?, ?> get(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode());
        }
        return JSON.readValue(r.body(), Map.class);
    }

    record ReplicaView(String id, String state, long version) {
        boolean stopping() {
            return "STOPPING".equals(state);
        }
    }

    record DeploymentView(String name, String status, int target, List<ReplicaView> replicas) {
        /** The replicas that are not on their way out. */
        List<ReplicaView> live() {
            return replicas.stream().filter(r -> !r.stopping()).toList();
        }

        long maxVersion() {
            return replicas.stream().mapToLong(ReplicaView::version).max().orElse(-1);
        }
    }
}
