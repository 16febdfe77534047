package io.osgiserve.bench.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.osgiserve.bench.tools.Agent.DeploymentView;
import io.osgiserve.bench.tools.Agent.ReplicaView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The measuring side of the bench scripts (they start and stop the node; this times what happens in it).
 * Each command prints {@code key=value} pairs on its last line.
 *
 * <pre>
 * gen-noop APP DEPLOYMENTS REPLICAS JAR_URI PRICE PORT   a config of the no-op bundle, as JSON, on stdout
 * gen-fruit FRUIT_YAML PORT                             the FruitStand config as JSON, on 127.0.0.1:PORT
 * deploy-wait AGENT FILE TIMEOUT_S                       PUT, then time until the app is RUNNING with every replica RUNNING
 * update-wait AGENT FILE TIMEOUT_S N                     PUT a user_config change of N deployments, time until every
 *                                                        replica of those N deployments applied the new version
 * update-latency AGENT FRUIT_YAML INGRESS_URL N_USER N_REPLACE RPS
 *                                                        the FruitStand update benchmark under a steady load
 * jmh-summary JMH_JSON                                  JMH's JSON results as key=value (microseconds) and ratios
 * await-agent PORT TIMEOUT_S                            prints "polling" once it polls, then ready_epoch_ms=... when
 *                                                        GET /api/ray/version on 127.0.0.1:PORT answers 200
 * </pre>
 */
public final class BenchDriver {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String JSON_TYPE = "application/json";

    private BenchDriver() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: BenchDriver gen-noop|deploy-wait|update-wait|update-latency ...");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "gen-noop" -> System.out.println(Agent.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                    noopConfig(rest[0], Integer.parseInt(rest[1]), Integer.parseInt(rest[2]), rest[3],
                            Integer.parseInt(rest[4]), Integer.parseInt(rest[5]))));
            case "gen-fruit" -> System.out.println(Agent.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                    fruitConfig(Path.of(rest[0]), Integer.parseInt(rest[1]))));
            case "deploy-wait" -> deployWait(new Agent(rest[0]), Files.readAllBytes(Path.of(rest[1])),
                    Double.parseDouble(rest[2]));
            case "update-wait" -> updateWait(new Agent(rest[0]), Files.readAllBytes(Path.of(rest[1])),
                    Double.parseDouble(rest[2]), Integer.parseInt(rest[3]));
            case "update-latency" -> updateLatency(new Agent(rest[0]), Path.of(rest[1]), rest[2],
                    Integer.parseInt(rest[3]), Integer.parseInt(rest[4]), Integer.parseInt(rest[5]));
            case "jmh-summary" -> jmhSummary(Path.of(rest[0]));
            case "await-agent" -> awaitAgent(Integer.parseInt(rest[0]), Double.parseDouble(rest[1]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    // ------------------------------------------------------------------ start-up

    /**
     * Polls the agent every 10 ms from one warmed-up process, with a plain socket: a poll loop of
     * curl processes would take a good part of a 2-core machine from the node it is timing.
     */
    static void awaitAgent(int port, double timeoutS) throws Exception {
        byte[] request = "GET /api/ray/version HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.out.println("polling");
        System.out.flush();
        long deadline = System.nanoTime() + (long) (timeoutS * 1e9);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
                socket.setSoTimeout(5000);
                socket.getOutputStream().write(request);
                byte[] head = socket.getInputStream().readNBytes(12);
                if (new String(head, java.nio.charset.StandardCharsets.US_ASCII).equals("HTTP/1.1 200")) {
                    System.out.println("ready_epoch_ms=" + System.currentTimeMillis());
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        System.out.println("timeout");
        System.exit(1);
    }

    // ------------------------------------------------------------------ configs

    /** {@code app} is single, chain10 or chain100; every deployment gets {@code replicas} and {@code user_config: {price}}. */
    static Map<String, Object> noopConfig(String app, int deployments, int replicas, String jar, int price, int port) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("import_path", "noop:" + app);
        c.put("runtime_env", Map.of("working_dir", jar));
        c.put("host", "127.0.0.1");
        c.put("port", port);
        List<Object> ds = new ArrayList<>();
        if (app.equals("rest") || app.equals("dag")) {
            // the REST no-op and the DAGDriver path (bench/rest.sh): their one worker deployment, no user_config
            ds.add(new LinkedHashMap<>(Map.of("name", app.equals("rest") ? "NoopRest" : "Quoter", "num_replicas", replicas)));
            c.put("deployments", ds);
            return c;
        }
        for (int i = 0; i < deployments; i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", app.equals("single") ? "Noop" : String.format("noop%03d", i));
            d.put("num_replicas", replicas);
            d.put("user_config", Map.of("price", price));
            ds.add(d);
        }
        c.put("deployments", ds);
        return c;
    }

    /** The example's config as it is, bound to loopback (the benchmarks never listen elsewhere). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fruitConfig(Path yaml, int port) throws IOException {
        Map<String, Object> written = YAML.readValue(Files.readAllBytes(yaml), LinkedHashMap.class);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("import_path", written.get("import_path"));
        c.put("runtime_env", written.get("runtime_env"));
        c.put("host", "127.0.0.1");
        c.put("port", port);
        c.put("deployments", written.get("deployments"));
        return c;
    }

    // ------------------------------------------------------------------ deploy to RUNNING

    static void deployWait(Agent agent, byte[] config, double timeoutS) throws Exception {
        long t0 = System.nanoTime();
        agent.put(config, JSON_TYPE);
        long put = System.nanoTime();
        long deadline = t0 + (long) (timeoutS * 1e9);
        String[] status;
        while (true) {
            status = agent.appStatus();
            if (status[0].equals("RUNNING") || status[0].equals("DEPLOY_FAILED") || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(pollMillis(t0));
        }
        long done = System.nanoTime();
        if (!status[0].equals("RUNNING")) {
            throw new IllegalStateException("the application is " + status[0] + " after " + ms(t0, done) + " ms: " + status[1]);
        }
        int replicas = 0;
        int running = 0;
        for (DeploymentView d : agent.deployments().values()) {
            for (ReplicaView r : d.live()) {
                replicas++;
                running += r.state().equals("RUNNING") ? 1 : 0;
            }
        }
        System.out.printf(Locale.ROOT, "deploy_ms=%.1f put_ms=%.1f replicas=%d running=%d%n",
                ms(t0, done), ms(t0, put), replicas, running);
    }

    /** Polls often at first (the small cases end in milliseconds), then less, not to load the node. */
    private static long pollMillis(long t0) {
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        return elapsedMs < 200 ? 2 : elapsedMs < 2000 ? 10 : 50;
    }

    // ------------------------------------------------------------------ user_config applied everywhere

    static void updateWait(Agent agent, byte[] config, double timeoutS, int changed) throws Exception {
        Map<String, DeploymentView> before = agent.deployments();
        Map<String, Long> versions = new HashMap<>();
        before.forEach((name, d) -> versions.put(name, d.maxVersion()));
        long t0 = System.nanoTime();
        agent.put(config, JSON_TYPE);
        long put = System.nanoTime();
        int replicasBefore = before.values().stream().mapToInt(d -> d.replicas().size()).sum();
        Map<String, DeploymentView> after = awaitDeployments(agent, t0, timeoutS, replicasBefore,
                now -> allApplied(now, versions, changed));
        long done = System.nanoTime();
        int replicas = after.values().stream().mapToInt(d -> d.live().size()).sum();
        long updated = after.values().stream().filter(d -> d.maxVersion() > versions.getOrDefault(d.name(), -1L)).count();
        System.out.printf(Locale.ROOT, "update_ms=%.1f put_ms=%.1f replicas=%d deployments_updated=%d%n",
                ms(t0, done), ms(t0, put), replicas, updated);
    }

    /** {@code changed} deployments moved to a newer version, each with all its live replicas on it, at its target. */
    private static boolean allApplied(Map<String, DeploymentView> now, Map<String, Long> before, int changed) {
        int moved = 0;
        for (DeploymentView d : now.values()) {
            long old = before.getOrDefault(d.name(), -1L);
            if (d.maxVersion() <= old) {
                continue;
            }
            moved++;
            List<ReplicaView> live = d.live();
            if (live.size() != d.target() || live.stream().anyMatch(r -> r.version() <= old || !r.state().equals("RUNNING"))) {
                return false;
            }
        }
        return moved >= changed;
    }

    private static Map<String, DeploymentView> awaitDeployments(Agent agent, long t0, double timeoutS,
            Predicate<Map<String, DeploymentView>> done) throws Exception {
        return awaitDeployments(agent, t0, timeoutS, 0, done);
    }

    /**
     * Polls the replicas until {@code done}. With many replicas each poll is a large answer that the node
     * must build, so the poll interval grows with them (1,000 replicas: 50 ms), not to load the node.
     */
    private static Map<String, DeploymentView> awaitDeployments(Agent agent, long t0, double timeoutS, int replicas,
            Predicate<Map<String, DeploymentView>> done) throws Exception {
        long deadline = t0 + (long) (timeoutS * 1e9);
        while (true) {
            Map<String, DeploymentView> now = agent.deployments();
            if (done.test(now)) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                String[] status = agent.appStatus();
                throw new IllegalStateException("not done after " + timeoutS + " s; app " + status[0] + " " + status[1]);
            }
            Thread.sleep(Math.max(pollMillis(t0), replicas / 20));
        }
    }

    // ------------------------------------------------------------------ FruitStand updates under load

    @SuppressWarnings("unchecked")
    static void updateLatency(Agent agent, Path fruitYaml, String ingress, int userUpdates, int replaceUpdates, int rps)
            throws Exception {
        Map<String, Object> config = YAML.readValue(Files.readAllBytes(fruitYaml), LinkedHashMap.class);
        Map<String, Object> mango = ((List<Map<String, Object>>) config.get("deployments")).stream()
                .filter(d -> "MangoStand".equals(d.get("name"))).findFirst().orElseThrow();
        List<Double> userMs = new ArrayList<>();
        List<Double> userPutMs = new ArrayList<>();
        List<Double> replaceMs = new ArrayList<>();
        try (SteadyLoad load = new SteadyLoad(ingress, "[\"MANGO\", 2]", rps, 4).start()) {
            Thread.sleep(500);
            for (int i = 0; i < userUpdates; i++) {
                mango.put("user_config", Map.of("price", 3 + (i % 2 == 0 ? 2 : 0)));
                double[] t = timeUpdate(agent, config, "MangoStand", false);
                userMs.add(t[0]);
                userPutMs.add(t[1]);
            }
            for (int i = 0; i < replaceUpdates; i++) {
                // a non-lightweight option: MangoStand's replicas are replaced, the other deployments stay
                mango.put("max_concurrent_queries", i % 2 == 0 ? 99 : 100);
                replaceMs.add(timeUpdate(agent, config, "MangoStand", true)[0]);
            }
            Thread.sleep(500);
            load.close();
            for (String f : load.firstFailures()) {
                System.out.println("failed request: " + f);
            }
            System.out.printf(Locale.ROOT,
                    "user_config_n=%d user_config_p50_ms=%.1f user_config_p99_ms=%.1f user_config_max_ms=%.1f "
                            + "user_config_put_p50_ms=%.1f user_config_vs_put_p50=%.2f "
                            + "replace_n=%d replace_p50_ms=%.1f replace_p99_ms=%.1f replace_max_ms=%.1f "
                            + "load_rps=%d load_requests=%d failed_requests=%d%n",
                    userMs.size(), pct(userMs, 50), pct(userMs, 99), pct(userMs, 100), pct(userPutMs, 50),
                    pct(userMs, 50) / pct(userPutMs, 50),
                    replaceMs.size(), pct(replaceMs, 50), pct(replaceMs, 99), pct(replaceMs, 100),
                    rps, load.sent(), load.failed());
        }
    }

    /**
     * PUTs the config; returns the milliseconds until every replica of {@code deployment} runs the new
     * version, and until the PUT itself was answered.
     */
    private static double[] timeUpdate(Agent agent, Map<String, Object> config, String deployment, boolean replace)
            throws Exception {
        byte[] body = Agent.JSON.writeValueAsBytes(config);
        DeploymentView before = agent.deployments().get(deployment);
        long oldVersion = before.maxVersion();
        Set<String> oldIds = new HashSet<>();
        before.replicas().forEach(r -> oldIds.add(r.id()));
        long t0 = System.nanoTime();
        agent.put(body, JSON_TYPE);
        double put = ms(t0, System.nanoTime());
        double[] first = {Double.NaN};
        awaitDeployments(agent, t0, 30, now -> {
            DeploymentView d = now.get(deployment);
            List<ReplicaView> live = d.live();
            if (Double.isNaN(first[0]) && live.stream().anyMatch(r -> r.version() > oldVersion)) {
                first[0] = ms(t0, System.nanoTime());
            }
            return live.size() == d.target() && live.stream().allMatch(r -> r.version() > oldVersion
                    && r.state().equals("RUNNING") && (!replace || !oldIds.contains(r.id())));
        });
        double total = ms(t0, System.nanoTime());
        // one line per update, for a look at where the time goes: PUT answered, first replica on it, all
        System.out.printf(Locale.ROOT, "sample %s total_ms=%.1f put_ms=%.1f first_replica_ms=%.1f%n",
                replace ? "replace" : "user_config", total, put, first[0]);
        return new double[] {total, put};
    }

    // ------------------------------------------------------------------ JMH

    /** {@code router_call_1r_us=...} per benchmark, then each router benchmark over its executor baseline. */
    static void jmhSummary(Path json) throws IOException {
        List<?> runs = Agent.JSON.readValue(Files.readAllBytes(json), List.class);
        Map<String, Double> scores = new LinkedHashMap<>();
        for (Object o : runs) {
            Map<?, ?> run = (Map<?, ?>) o;
            String name = String.valueOf(run.get("benchmark"));
            String[] parts = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1).split("\\.");
            StringBuilder key = new StringBuilder(parts[0].replace("Benchmark", "").toLowerCase(Locale.ROOT))
                    .append('_').append(parts[1]);
            Map<?, ?> params = (Map<?, ?>) run.get("params");
            if (params != null && params.get("replicas") != null) {
                key.append('_').append(params.get("replicas")).append('r');
            }
            if (params != null && params.get("metrics") != null) {
                key.append('_').append(params.get("metrics"));
            }
            Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
            // the median iteration, not the mean: on a shared machine one iteration can land on a burst of other work
            List<Double> iterations = new ArrayList<>();
            for (Object fork : (List<?>) primary.get("rawData")) {
                for (Object it : (List<?>) fork) {
                    iterations.add(((Number) it).doubleValue());
                }
            }
            double score = iterations.isEmpty() ? ((Number) primary.get("score")).doubleValue() : pct(iterations, 50);
            if ("ms/op".equals(primary.get("scoreUnit"))) {
                score *= 1000;
            }
            scores.put(key.toString(), score);
        }
        StringBuilder line = new StringBuilder();
        scores.forEach((k, v) -> line.append(String.format(Locale.ROOT, "%s_us=%.3f ", k, v)));
        Double hop = scores.get("executorbaseline_executorHop");
        Double hop4 = scores.get("executorbaseline_executorHopFourCallers");
        scores.forEach((k, v) -> {
            if (k.startsWith("router_call_") && hop != null) {
                line.append(String.format(Locale.ROOT, "%s_vs_hop=%.2f ", k, v / hop));
            } else if (k.startsWith("router_callFourCallers_") && hop4 != null) {
                line.append(String.format(Locale.ROOT, "%s_vs_hop=%.2f ", k, v / hop4));
            }
        });
        // metrics on over off, in the same run: what recording adds to a request (ns) and the ratio of a routed call
        scores.forEach((k, v) -> {
            Double off = k.startsWith("metrics_") && k.endsWith("_prometheus")
                    ? scores.get(k.substring(0, k.length() - "prometheus".length()) + "off") : null;
            if (off != null) {
                String base = k.substring(0, k.length() - "_prometheus".length());
                line.append(String.format(Locale.ROOT, "%s_added_ns=%.1f %s_on_vs_off=%.3f ", base, (v - off) * 1000, base, v / off));
            }
        });
        System.out.println(line.toString().trim());
    }

    // ------------------------------------------------------------------ numbers

    static double pct(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double ms(long from, long to) {
        return (to - from) / 1e6;
    }
}
