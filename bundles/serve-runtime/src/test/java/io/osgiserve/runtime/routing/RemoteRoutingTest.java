package io.osgiserve.runtime.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.osgiserve.config.NodeToken;
import io.osgiserve.http.internal.InternalServer;
import io.osgiserve.node.BadArgumentsException;
import io.osgiserve.node.InternalCalls;
import io.osgiserve.node.ReplicaFailedException;
import io.osgiserve.runtime.replica.Replica;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Routers calling replicas of another node over real HTTP: an owner node (its replicas behind a router,
 * its internal server with a token) and a caller node (a router whose replicas are all remote).
 */
class RemoteRoutingTest {
    private static final String TOKEN = "cluster-secret";
    private static final long LIMIT = 64 * 1024;

    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final List<Runnable> cleanup = new ArrayList<>();

    /** A user type that crosses nodes as JSON and must arrive as itself. */
    public record Quote(String fruit, int amount, int unitPrice) {
        public int total() {
            return amount * unitPrice;
        }
    }

    public static final class QuoteStand {
        public Quote quote(int amount) {
            return new Quote("MANGO", amount, 3);
        }

        public CompletableFuture<Quote> later(int amount) {
            return CompletableFuture.completedFuture(new Quote("PEAR", amount, 4));
        }

        public int total(Quote q) {
            return q.total();
        }

        public Object fail() {
            throw new IllegalStateException("out of mangos");
        }

        public String echo(String text) {
            return text;
        }
    }

    /** Answers which code version it is. */
    public static final class Old {
        public String version() {
            return "old";
        }
    }

    public static final class New {
        public String version() {
            return "new";
        }
    }

    /** Blocks until the test opens the gate. */
    public static final class Gate {
        static volatile CountDownLatch open = new CountDownLatch(0);

        public String work() throws InterruptedException {
            open.await(30, TimeUnit.SECONDS);
            return "done";
        }
    }

    @AfterEach
    void stop() {
        Gate.open.countDown();
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).run();
        }
        pool.shutdownNow();
    }

    // ---------------------------------------------------------------- fixture

    /** One node's owner side: its replicas of one deployment, its internal server. */
    final class Owner {
        final String node;
        final LocalReplicas directory = new LocalReplicas();
        final DeploymentRouter router;
        final List<Replica> replicas = new ArrayList<>();
        final List<Integer> statuses = new CopyOnWriteArrayList<>();
        final InternalServer server;

        Owner(String node, String deployment, int maxConcurrent, List<Supplier<Object>> makers, List<String> codes)
                throws Exception {
            this.node = node;
            router = new DeploymentRouter(deployment, maxConcurrent, 100);
            router.directory(directory, "default");
            for (int i = 0; i < makers.size(); i++) {
                Supplier<Object> make = makers.get(i);
                Replica r = new Replica(deployment + "#" + node + i, deployment, codes.get(i), pool, pool);
                r.start(make::get, null, 0);
                r.ready().get(10, TimeUnit.SECONDS);
                replicas.add(r);
            }
            router.replicas(replicas);
            ReplicaCalls calls = new ReplicaCalls(directory, hex -> Optional.empty());
            InternalCalls counting = new InternalCalls() {
                @Override
                public CompletableFuture<Answer> call(String replicaId, byte[] body) {
                    return calls.call(replicaId, body).whenComplete((a, t) -> statuses.add(a == null ? -1 : a.status()));
                }

                @Override
                public Optional<Path> code(String sha256Hex) {
                    return Optional.empty();
                }
            };
            server = InternalServer.start("127.0.0.1", 0, Optional.empty(), NodeToken.fixed(TOKEN), LIMIT, counting);
            cleanup.add(server::stop);
        }

        RemoteReplicaRef ref(int i) {
            Replica r = replicas.get(i);
            return new RemoteReplicaRef(r.id(), node, "default", r.deployment(), r.code(), server.address());
        }
    }

    private RemoteCalls client(String token) {
        RemoteCalls c = new RemoteCalls(() -> Optional.of(token), (int) LIMIT);
        cleanup.add(c::close);
        return c;
    }

    private static DeploymentRouter caller(String deployment, int maxConcurrent, List<RemoteReplica> remotes) {
        DeploymentRouter router = new DeploymentRouter(deployment, maxConcurrent, 100, Duration.ofSeconds(20));
        router.remotes(remotes);
        return router;
    }

    private static Object get(CompletableFuture<Object> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    /** Sends {@code head} and {@code body} on a plain socket and reads the status of the answer. */
    private static int rawStatus(URI to, String head, byte[] body) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(to.getHost(), to.getPort())) {
            socket.setSoTimeout(20_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            try {
                out.write(body);
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // the server may answer and close before it took the whole body: its answer is what counts
            }
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            String status = in.readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    // ---------------------------------------------------------------- tests

    @Test
    void aUserRecordCrossesNodesAsJsonAndArrivesAsTheCallersOwnType() throws Exception {
        Owner b = new Owner("b", "QuoteStand", 10, List.of(QuoteStand::new), List.of("v1"));
        DeploymentRouter a = caller("QuoteStand", 10, List.of(new RemoteReplica(b.ref(0), client(TOKEN), QuoteStand.class)));

        Object quote = get(a.call("quote", new Object[] {2}));
        assertInstanceOf(Quote.class, quote);
        assertEquals(new Quote("MANGO", 2, 3), quote);
        // a returned future's value type; a record as an argument, converted to the parameter's type
        assertEquals(new Quote("PEAR", 5, 4), get(a.call("later", new Object[] {5})));
        assertEquals(21, get(a.call("total", new Object[] {new Quote("ORANGE", 7, 3)})));
        assertEquals(List.of(200, 200, 200), b.statuses);
    }

    @Test
    void withoutTheDeploymentsClassAResultIsPlainJsonValues() throws Exception {
        Owner b = new Owner("b", "QuoteStand", 10, List.of(QuoteStand::new), List.of("v1"));
        DeploymentRouter a = caller("QuoteStand", 10, List.of(new RemoteReplica(b.ref(0), client(TOKEN), null)));
        assertEquals(Map.of("fruit", "MANGO", "amount", 2, "unitPrice", 3), get(a.call("quote", new Object[] {2})));
    }

    @Test
    void theUsersExceptionAndBadArgumentsComeBackAsOnOneNode() throws Exception {
        Owner b = new Owner("b", "QuoteStand", 10, List.of(QuoteStand::new), List.of("v1"));
        DeploymentRouter a = caller("QuoteStand", 10, List.of(new RemoteReplica(b.ref(0), client(TOKEN), QuoteStand.class)));

        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> get(a.call("fail", new Object[0])));
        assertInstanceOf(ReplicaFailedException.class, failed.getCause());
        assertThat(failed.getCause().getMessage()).contains("IllegalStateException").contains("out of mangos").contains("node b");

        ExecutionException bad = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> get(a.call("quote", new Object[] {"many"})));
        assertInstanceOf(BadArgumentsException.class, bad.getCause());
        ExecutionException none = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> get(a.call("nothing", new Object[0])));
        assertInstanceOf(BadArgumentsException.class, none.getCause());
        assertThat(none.getCause().getMessage()).contains("no public method nothing");
    }

    @Test
    void oldCodeCallsOldCodeOnAnotherNode() throws Exception {
        Owner b = new Owner("b", "Stand", 10, List.of(Old::new, New::new), List.of("code-old", "code-new"));
        RemoteCalls calls = client(TOKEN);
        DeploymentRouter a = caller("Stand", 10, List.of(new RemoteReplica(b.ref(0), calls, Old.class),
                new RemoteReplica(b.ref(1), calls, New.class)));
        for (int i = 0; i < 20; i++) {
            assertEquals("old", get(a.call("version", new Object[0], "code-old")));
            assertEquals("new", get(a.call("version", new Object[0], "code-new")));
        }
    }

    @Test
    void aFullReplicaAnswers503AndTheCallerTriesAnotherOne() throws Exception {
        Gate.open = new CountDownLatch(1);
        Owner b = new Owner("b", "Gate", 1, List.of(Gate::new, Gate::new), List.of("v1", "v1"));
        // the owner's own traffic fills one of its two replicas (max_concurrent_queries = 1)
        CompletableFuture<Object> held = b.router.call("work", new Object[0]);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.replicas.stream().anyMatch(r -> r.inFlight() == 1));
        Replica busy = b.replicas.stream().filter(r -> r.inFlight() == 1).findFirst().orElseThrow();
        Replica free = b.replicas.get(b.replicas.get(0) == busy ? 1 : 0);
        RemoteCalls calls = client(TOKEN);
        DeploymentRouter a = caller("Gate", 1, List.of(new RemoteReplica(b.ref(b.replicas.indexOf(busy)), calls, Gate.class),
                new RemoteReplica(b.ref(b.replicas.indexOf(free)), calls, Gate.class)));

        // the caller sees both as free: each call it sends to the busy one comes back 503 and goes to the other
        Gate.open = new CountDownLatch(0);
        int calls503 = 0;
        for (int i = 0; i < 50 && calls503 == 0; i++) {
            assertEquals("done", get(a.call("work", new Object[0])));
            calls503 = (int) b.statuses.stream().filter(s -> s == 503).count();
        }
        assertThat(calls503).as("the owner refused a call to its full replica").isPositive();
        assertThat(b.statuses).doesNotContain(500, 404, -1);
        assertEquals(1, busy.inFlight(), "the owner's own call still holds the busy replica");
        held.cancel(true);
    }

    @Test
    void aCallThatNeverReachedADeadNodeIsTriedOnAnotherNode() throws Exception {
        Owner b = new Owner("b", "QuoteStand", 10, List.of(QuoteStand::new), List.of("v1"));
        Owner c = new Owner("c", "QuoteStand", 10, List.of(QuoteStand::new), List.of("v1"));
        RemoteCalls calls = client(TOKEN);
        RemoteReplica onC = new RemoteReplica(c.ref(0), calls, QuoteStand.class);
        DeploymentRouter a = caller("QuoteStand", 10, List.of(new RemoteReplica(b.ref(0), calls, QuoteStand.class), onC));
        for (int i = 0; i < 4; i++) {
            assertEquals(new Quote("MANGO", 1, 3), get(a.call("quote", new Object[] {1})));
        }
        c.server.stop(); // node c is gone: its port refuses connections, and the pooled ones are closed
        // a call written on a pooled connection before its close arrived may have run (that case has its own test)
        await().atMost(Duration.ofSeconds(10)).until(() -> !calls.pools(c.ref(0).internalBase()));

        for (int i = 0; i < 50 && onC.pausedFor() == 0; i++) {
            assertEquals(new Quote("MANGO", 2, 3), get(a.call("quote", new Object[] {2})));
        }
        assertThat(onC.pausedFor()).as("a call was tried on node c, refused, and sent to node b").isPositive();
        int before = b.statuses.size();
        for (int i = 0; i < 10; i++) {
            assertEquals(new Quote("MANGO", 3, 3), get(a.call("quote", new Object[] {3})));
        }
        assertEquals(before + 10, b.statuses.size(), "while node c is down, node b takes every call");
    }

    @Test
    void aCallADeadNodeRefusedDoesNotPushTheQueuePastItsBound() throws Exception {
        Owner c = new Owner("c", "QuoteStand", 10, List.of(QuoteStand::new), List.of("v1"));
        RemoteCalls calls = client(TOKEN);
        DeploymentRouter a = new DeploymentRouter("QuoteStand", 10, 0, Duration.ofSeconds(20));
        a.remotes(List.of(new RemoteReplica(c.ref(0), calls, QuoteStand.class)));
        c.server.stop();

        java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> a.call("quote", new Object[] {1}).get(20, TimeUnit.SECONDS));
        assertThat(failed.getCause()).isInstanceOf(io.osgiserve.node.OverloadedException.class)
                .hasMessageContaining("no other replica takes the call").hasMessageContaining("0 requests are queued");
    }

    @Test
    void anotherNodeCannotCallAReplicasLifecycleOrObjectsMethods() throws Exception {
        Owner b = new Owner("b", "QuoteStand", 10, List.of(QuoteStand::new), List.of("v1"));
        DeploymentRouter a = caller("QuoteStand", 10, List.of(new RemoteReplica(b.ref(0), client(TOKEN), QuoteStand.class)));
        for (String method : List.of("close", "reconfigure", "checkHealth", "wait", "notify")) {
            int arity = method.equals("reconfigure") ? 1 : 0;
            java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class,
                    () -> get(a.call(method, arity == 1 ? new Object[] {java.util.Map.of()} : new Object[0])));
            assertThat(refused.getCause()).hasMessageContaining("not a method other nodes may call");
        }
        assertEquals(new Quote("MANGO", 2, 3), get(a.call("quote", new Object[] {2})), "the replica still serves");
    }

    @Test
    void aWrongTokenIsRefusedWith401AndNothingRuns() throws Exception {
        Owner b = new Owner("b", "QuoteStand", 10, List.of(QuoteStand::new), List.of("v1"));
        DeploymentRouter a = caller("QuoteStand", 10, List.of(new RemoteReplica(b.ref(0), client("not-the-token"), QuoteStand.class)));
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> get(a.call("quote", new Object[] {2})));
        assertInstanceOf(ReplicaFailedException.class, refused.getCause());
        assertThat(refused.getCause().getMessage()).contains("401").contains("cluster token");
        assertThat(b.statuses).isEmpty();

        HttpClient http = HttpClient.newHttpClient();
        URI call = b.server.address().resolve("/internal/v1/replicas/" + java.net.URLEncoder.encode(b.replicas.get(0).id(), java.nio.charset.StandardCharsets.UTF_8) + "/call");
        String body = "{\"method\":\"quote\",\"args\":[2]}";
        assertEquals(401, http.send(HttpRequest.newBuilder(call).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(401, http.send(HttpRequest.newBuilder(call).header("Authorization", "Bearer " + TOKEN.toUpperCase())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertThat(b.statuses).isEmpty();
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(call).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertEquals("{\"value\":{\"fruit\":\"MANGO\",\"amount\":2,\"unitPrice\":3}}", ok.body());
    }

    @Test
    void aCallOverTheBodyLimitIsRefusedDeclaredOrChunkedAndNeverSentByACaller() throws Exception {
        Owner b = new Owner("b", "QuoteStand", 10, List.of(QuoteStand::new), List.of("v1"));
        URI call = b.server.address().resolve("/internal/v1/replicas/" + java.net.URLEncoder.encode(b.replicas.get(0).id(), java.nio.charset.StandardCharsets.UTF_8) + "/call");
        String path = call.getRawPath();
        // a declared length over the limit: refused from the headers alone, before a byte of the body
        assertEquals(413, rawStatus(call, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: " + (LIMIT + 1) + "\r\n\r\n", new byte[0]));
        // no declared length: counted as it arrives, refused once past the limit
        byte[] chunk = ("{\"method\":\"echo\",\"args\":[\"" + "x".repeat((int) LIMIT) + "\"]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream chunked = new java.io.ByteArrayOutputStream();
        chunked.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        chunked.write(chunk);
        chunked.write("\r\n0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(413, rawStatus(call, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", chunked.toByteArray()));
        assertThat(b.statuses).isEmpty();

        DeploymentRouter a = caller("QuoteStand", 10, List.of(new RemoteReplica(b.ref(0), client(TOKEN), QuoteStand.class)));
        ExecutionException tooBig = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> get(a.call("echo", new Object[] {"x".repeat((int) LIMIT)})));
        assertInstanceOf(BadArgumentsException.class, tooBig.getCause());
        assertThat(tooBig.getCause().getMessage()).contains("over the internal body limit");
        assertEquals("small", get(a.call("echo", new Object[] {"small"})));
    }

    @Test
    void aCallToAReplicaTheOwnerNoLongerRoutesIsTriedOnAnother() throws Exception {
        Owner b = new Owner("b", "QuoteStand", 10, List.of(QuoteStand::new, QuoteStand::new), List.of("v1", "v1"));
        RemoteCalls calls = client(TOKEN);
        RemoteReplica gone = new RemoteReplica(b.ref(0), calls, QuoteStand.class);
        DeploymentRouter a = caller("QuoteStand", 10, List.of(gone, new RemoteReplica(b.ref(1), calls, QuoteStand.class)));
        b.router.replicas(List.of(b.replicas.get(1))); // replica 0 left the owner's routes (retiring)
        for (int i = 0; i < 50 && !b.statuses.contains(404); i++) {
            assertEquals(new Quote("MANGO", 1, 3), get(a.call("quote", new Object[] {1})));
        }
        assertThat(b.statuses).contains(404);
        AtomicInteger ok = new AtomicInteger();
        b.statuses.forEach(s -> ok.addAndGet(s == 200 ? 1 : 0));
        assertThat(ok.get()).isPositive();
    }

    // ---------------------------------------------------------------- node loss: what is sent again, and when calls end

    /**
     * A node's port as a dead or hung node leaves it: it accepts connections and then, per connection,
     * never answers ({@code SILENT}: a hung node), or reads the whole call and closes without a byte of
     * answer ({@code CLOSE_AFTER_CALL}: a node killed while the call ran).
     */
    final class BrokenNode {
        enum Mode { SILENT, CLOSE_AFTER_CALL }

        final java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final AtomicInteger accepted = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicLong bytesRead = new java.util.concurrent.atomic.AtomicLong();
        final List<java.net.Socket> held = new CopyOnWriteArrayList<>();

        BrokenNode(Mode mode) throws Exception {
            cleanup.add(() -> {
                try {
                    socket.close();
                    for (java.net.Socket s : held) {
                        s.close();
                    }
                } catch (java.io.IOException e) {
                    // closing
                }
            });
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        java.net.Socket s = socket.accept();
                        accepted.incrementAndGet();
                        held.add(s);
                        pool.execute(() -> serve(s, mode));
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            }, "broken-node");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve(java.net.Socket s, Mode mode) {
            try {
                java.io.InputStream in = s.getInputStream();
                if (mode == Mode.SILENT) {
                    return; // holds the connection, reads nothing, answers nothing
                }
                String head = readHead(in);
                int length = Integer.parseInt(head.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                        .findFirst().orElseThrow().substring(15).trim());
                bytesRead.addAndGet(in.readNBytes(length).length);
                s.close();
            } catch (java.io.IOException | RuntimeException e) {
                // the caller went away
            }
        }

        private String readHead(java.io.InputStream in) throws java.io.IOException {
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                bytesRead.incrementAndGet();
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString();
        }

        RemoteReplicaRef ref(String node) {
            return new RemoteReplicaRef("QuoteStand#" + node, node, "default", "QuoteStand", "v1",
                    URI.create("http://127.0.0.1:" + socket.getLocalPort()));
        }
    }

    @Test
    void aCallToANodeThatNeverAnswersEndsAtTheCallTimeoutNamingTheNodeAndTheNextGoesElsewhere() throws Exception {
        BrokenNode hung = new BrokenNode(BrokenNode.Mode.SILENT);
        Owner b = new Owner("b", "QuoteStand", 10, List.of(QuoteStand::new), List.of("v1"));
        RemoteCalls calls = new RemoteCalls(() -> Optional.of(TOKEN), (int) LIMIT, Duration.ofMillis(500));
        cleanup.add(calls::close);
        DeploymentRouter onlyHung = caller("QuoteStand", 10, List.of(new RemoteReplica(hung.ref("hung"), calls, QuoteStand.class)));

        ExecutionException timedOut = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> get(onlyHung.call("quote", new Object[] {1})));
        assertInstanceOf(io.osgiserve.node.TimedOutException.class, timedOut.getCause());
        assertThat(timedOut.getCause().getMessage()).contains("node hung did not answer").contains("0.5 s")
                .contains("serve.internal.call_timeout").doesNotContain("\n");
        assertEquals(1, hung.accepted.get());

        // the node that did not answer takes no call for a moment: the next call goes to node b at once
        DeploymentRouter both = caller("QuoteStand", 10, List.of(new RemoteReplica(hung.ref("hung"), calls, QuoteStand.class),
                new RemoteReplica(b.ref(0), calls, QuoteStand.class)));
        assertEquals(new Quote("MANGO", 2, 3), get(both.call("quote", new Object[] {2})));
        assertEquals(1, hung.accepted.get(), "no second call went to the hung node");
        assertEquals(List.of(200), b.statuses);
    }

    @Test
    void aCallTimeoutOutsideItsBoundsIsRefusedInOneLineNamingTheKey() {
        for (String bad : List.of("0s", "-5s", "2h", "soon")) {
            io.osgiserve.config.NodeSettings settings = io.osgiserve.config.NodeSettings.from(
                    k -> k.equals("serve.internal.call_timeout") ? bad : null);
            IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> RemoteCalls.callTimeout(settings));
            assertThat(refused.getMessage()).as(bad).contains("serve.internal.call_timeout").doesNotContain("\n");
        }
        assertEquals(Duration.ofSeconds(30), RemoteCalls.callTimeout(io.osgiserve.config.NodeSettings.from(k -> null)));
    }

    @Test
    void aCallSentWholeToANodeThatThenDiedIsNotSentAgainAndTheNextGoesElsewhere() throws Exception {
        BrokenNode died = new BrokenNode(BrokenNode.Mode.CLOSE_AFTER_CALL);
        Owner b = new Owner("b", "QuoteStand", 10, List.of(QuoteStand::new), List.of("v1"));
        RemoteCalls calls = client(TOKEN);
        DeploymentRouter onlyDied = caller("QuoteStand", 10, List.of(new RemoteReplica(died.ref("died"), calls, QuoteStand.class)));

        ExecutionException lost = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> get(onlyDied.call("quote", new Object[] {1})));
        assertInstanceOf(ReplicaFailedException.class, lost.getCause());
        assertThat(lost.getCause().getMessage()).contains("on node died failed after it was sent").contains("not sent again");
        await().atMost(Duration.ofSeconds(20)).until(() -> died.bytesRead.get() > 0);

        DeploymentRouter both = caller("QuoteStand", 10, List.of(new RemoteReplica(died.ref("died"), calls, QuoteStand.class),
                new RemoteReplica(b.ref(0), calls, QuoteStand.class)));
        assertEquals(new Quote("MANGO", 2, 3), get(both.call("quote", new Object[] {2})));
        assertEquals(1, died.accepted.get(), "the call that may have run was not sent again, and no other went there");
        assertEquals(List.of(200), b.statuses);
    }
}
