package io.osgiserve.runtime.controller;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osgiserve.api.ApplicationGraph;
import io.osgiserve.api.Deployment;
import io.osgiserve.api.HttpRequest;
import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.NodeSettings;
import io.osgiserve.node.DeployRefusedException;
import io.osgiserve.runtime.code.Caller;
import io.osgiserve.node.Ingress;
import io.osgiserve.node.RouteTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller without a framework: replicas delivered asynchronously, as ConfigAdmin does. */
class ControllerTest {
    static final Path FRUIT = Path.of("../../examples/fruit/fruit_config.yaml");

    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final ExecutorService delivery = Executors.newSingleThreadExecutor();
    private final ControllerFixture.MemoryStore store = new ControllerFixture.MemoryStore();
    private final MemoryCarrier carrier = new MemoryCarrier();
    private Controller controller;
    /** Where each install's deploy came from, as the controller passed it to the installer. */
    private final List<Caller> callers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** How often the application graph was loaded from the code. */
    private final java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();

    /** A stand whose constructor fails: deployed in place of the fruit graph's MangoStand class. */
    public static final class BrokenApp {
        public static final io.osgiserve.api.BoundDeployment app =
                Deployment.of(Broken.class).name("Broken").routePrefix("/").bind();
    }

    public static final class Broken {
        public Broken() {
            throw new IllegalStateException("no price list");
        }
    }

    /** Healthy until the test says otherwise. */
    public static final class FlakyApp {
        static final java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger();
        public static final io.osgiserve.api.BoundDeployment app =
                Deployment.of(Flaky.class).name("Flaky").routePrefix("/").bind();
    }

    public static final class Flaky {
        static volatile java.util.concurrent.CountDownLatch constructorGate = new java.util.concurrent.CountDownLatch(0);

        public Flaky() throws InterruptedException {
            constructorGate.await(30, TimeUnit.SECONDS);
        }

        public void checkHealth() {
            if (FlakyApp.failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("database unreachable");
            }
        }
    }

    /** Its health check can hang (until interrupted); its close hook counts its calls. */
    public static final class StuckApp {
        static volatile boolean hang;
        static final java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
        public static final io.osgiserve.api.BoundDeployment app =
                Deployment.of(Stuck.class).name("Stuck").routePrefix("/").bind();
    }

    public static final class Stuck {
        public void checkHealth() throws InterruptedException {
            if (StuckApp.hang) {
                new java.util.concurrent.CountDownLatch(1).await();
            }
        }

        public void close() {
            StuckApp.closed.incrementAndGet();
        }
    }

    /** Its health check answers when the test opens the gate: longer than the period, within the timeout. */
    public static final class SlowCheckApp {
        static volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);
        static final java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        public static final io.osgiserve.api.BoundDeployment app =
                Deployment.of(SlowCheck.class).name("Slow").routePrefix("/").bind();
    }

    public static final class SlowCheck {
        public void checkHealth() throws InterruptedException {
            SlowCheckApp.checks.incrementAndGet();
            SlowCheckApp.gate.await();
        }
    }

    /** Holds each request until the test opens the gate. */
    public static final class BusyApp {
        static volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);
        public static final io.osgiserve.api.BoundDeployment app =
                Deployment.of(Busy.class).name("Busy").routePrefix("/").bind();
    }

    public static final class Busy {
        public Object call(HttpRequest request) throws InterruptedException {
            BusyApp.gate.await(30, TimeUnit.SECONDS);
            return "done";
        }
    }

    /** Its constructor waits for the test's gate: a replica that takes as long to start as the test wants. */
    public static final class GatedStartApp {
        static volatile java.util.concurrent.CountDownLatch constructorGate = new java.util.concurrent.CountDownLatch(0);
        public static final io.osgiserve.api.BoundDeployment app =
                Deployment.of(GatedStart.class).name("Cold").routePrefix("/").bind();
    }

    public static final class GatedStart {
        public GatedStart() throws InterruptedException {
            GatedStartApp.constructorGate.await(30, TimeUnit.SECONDS);
        }

        public Object call(HttpRequest request) {
            return "warm";
        }
    }

    /** A priced stand whose second replica to see price 99 refuses it (every time it is asked). */
    public static final class PickyApp {
        static final java.util.concurrent.atomic.AtomicInteger sawNinetyNine = new java.util.concurrent.atomic.AtomicInteger();
        public static final io.osgiserve.api.BoundDeployment app =
                Deployment.of(Picky.class).name("Picky").numReplicas(2).routePrefix("/").bind();
        public static final io.osgiserve.api.BoundDeployment withBroken =
                Deployment.of(Picky.class).name("Picky").numReplicas(2).routePrefix("/")
                        .bind(Deployment.of(Broken.class).name("Broken").bind());
    }

    public static final class Picky {
        public Picky() {
        }

        public Picky(io.osgiserve.api.DeploymentHandle ignored) {
        }

        private boolean refuses;

        public void reconfigure(Map<String, Object> config) {
            if (Integer.valueOf(99).equals(config.get("price"))
                    && (refuses || PickyApp.sawNinetyNine.incrementAndGet() == 2)) {
                refuses = true; // and it goes on refusing it when the reconfigure is retried
                throw new IllegalArgumentException("99 is too much");
            }
        }
    }

    /** Its reconfigure fails while {@code failuresLeft} is positive (the test sets it); it answers its price. */
    public static final class ShyApp {
        static final java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger();
        static final java.util.concurrent.atomic.AtomicInteger reconfigures = new java.util.concurrent.atomic.AtomicInteger();
        public static final io.osgiserve.api.BoundDeployment app =
                Deployment.of(Shy.class).name("Shy").routePrefix("/").bind();
    }

    public static final class Shy {
        private volatile Object price;

        public void reconfigure(Map<String, Object> config) {
            ShyApp.reconfigures.incrementAndGet();
            if (!Integer.valueOf(1).equals(config.get("price")) && ShyApp.failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("price list locked");
            }
            price = config.get("price");
        }

        public Object call(HttpRequest request) {
            return price;
        }
    }

    /** Answers with what its ReplicaContext says. */
    public static final class EnvApp {
        public static final io.osgiserve.api.BoundDeployment app =
                Deployment.of(Env.class).name("Env").routePrefix("/").bind("greeting");
    }

    public static final class Env {
        private final String word;
        private final io.osgiserve.api.ReplicaContext context;

        public Env(String word, io.osgiserve.api.ReplicaContext context) {
            this.word = word;
            this.context = context;
        }

        public String call(HttpRequest request) {
            return word + " " + context.envVars().get("REGION") + " " + context.replicaId() + " " + context.deploymentName();
        }
    }

    /** Its constructor fails while {@code failuresLeft} is positive (the test sets it); its health check fails while {@code sick}. */
    public static final class ColdApp {
        static final java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger();
        static volatile boolean sick;
        public static final io.osgiserve.api.BoundDeployment app =
                Deployment.of(Cold.class).name("Cold").routePrefix("/").bind();
    }

    public static final class Cold {
        public Cold() {
            if (ColdApp.failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("cache not warm yet");
            }
        }

        public String call(HttpRequest request) {
            return "warm";
        }

        public void checkHealth() {
            if (ColdApp.sick) {
                throw new IllegalStateException("lost its cache");
            }
        }
    }

    // ---- Jakarta REST deployments (issue #15)

    /** A REST front whose answer waits on a handle call to Waiting, which answers when the test says. */
    public static final class AsyncRestApp {
        public static final io.osgiserve.api.BoundDeployment app = Deployment.of(AsyncFront.class).name("Front")
                .routePrefix("/").bind(Deployment.of(Waiting.class).name("Waiting").bind());
    }

    @jakarta.ws.rs.Path("/")
    public static final class AsyncFront {
        private final io.osgiserve.api.DeploymentHandle waiting;

        public AsyncFront(io.osgiserve.api.DeploymentHandle waiting) {
            this.waiting = waiting;
        }

        @jakarta.ws.rs.GET
        public java.util.concurrent.CompletionStage<String> get() {
            return waiting.call("answer").thenApply(String::valueOf);
        }
    }

    /** Counts the calls that reached it; each answers when the test completes {@code gate}. */
    public static final class Waiting {
        static final java.util.concurrent.atomic.AtomicInteger reached = new java.util.concurrent.atomic.AtomicInteger();
        static volatile java.util.concurrent.CompletableFuture<String> gate = new java.util.concurrent.CompletableFuture<>();

        public java.util.concurrent.CompletableFuture<String> answer() {
            reached.incrementAndGet();
            return gate.thenApply(s -> s);
        }
    }

    @Test
    void aRestAnswerWaitingOnAHandleCallHoldsNoThreadSoMoreRequestsThanThreadsAreAllAnswered() throws Exception {
        Waiting.reached.set(0);
        Waiting.gate = new java.util.concurrent.CompletableFuture<>();
        controller.deploy(ConfigDocument.parseYaml("import_path: " + AsyncRestApp.class.getName() + ":app\n"));
        awaitRunning();
        int requests = 40; // the controller's replicas share 16 threads
        List<java.util.concurrent.CompletableFuture<Object>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            answers.add(controller.routes().match("/").orElseThrow()
                    .handle(new HttpRequest("GET", "/", "", Map.of("host", "localhost"), new byte[0])));
        }
        // a front that held its thread while waiting would let only 16 through to Waiting
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(requests, Waiting.reached.get()));
        assertThat(answers).noneMatch(java.util.concurrent.CompletableFuture::isDone);
        Waiting.gate.complete("ripe");
        for (java.util.concurrent.CompletableFuture<Object> answer : answers) {
            io.osgiserve.api.HttpResponse response = (io.osgiserve.api.HttpResponse) answer.get(20, TimeUnit.SECONDS);
            assertEquals(200, response.status(), response.bodyAsString());
            assertEquals("ripe", response.bodyAsString());
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void aRestApplicationShowsItsDocsPathAndItsJerseyApplicationClosesWhenTheControllerStops() throws Exception {
        Waiting.gate = java.util.concurrent.CompletableFuture.completedFuture("ripe");
        int before = io.osgiserve.rest.RestIngress.openApplications();
        controller.deploy(ConfigDocument.parseYaml("import_path: " + AsyncRestApp.class.getName() + ":app\n"));
        awaitRunning();
        Map<String, Object> apps = (Map<String, Object>) controller.applications().get("applications");
        assertEquals("/docs", ((Map<String, Object>) apps.get("default")).get("docs_path"));
        assertEquals(before + 1, io.osgiserve.rest.RestIngress.openApplications(), "one application for the version");

        controller.stop().get(20, TimeUnit.SECONDS);
        assertEquals(before, io.osgiserve.rest.RestIngress.openApplications(), "applications left open after stop");
        controller = newController(); // the one @AfterEach stops
        controller.start();
    }

    @BeforeEach
    void start() {
        controller = newController();
        controller.start();
    }

    private Controller newController() {
        Controller c = ControllerFixture.controller(ControllerFixture.settings("node-1", 100, Duration.ofSeconds(20)),
                pool, delivery, carrier, store, env -> "test:" + env.written(), (path, args) -> {
                    loads.incrementAndGet();
                    String cls = path.module().equals("fruit") ? "io.osgiserve.examples.fruit.FruitStand" : path.module();
                    try {
                        return ApplicationGraph.load(Class.forName(cls), path.attribute(), args);
                    } catch (IllegalArgumentException e) {
                        throw new DeployFailure(e.getMessage());
                    } catch (ClassNotFoundException e) {
                        throw new DeployFailure("import_path: no module " + path.module());
                    }
                }, callers::add);
        carrier.host = c;
        return c;
    }

    @AfterEach
    void stop() {
        controller.stop();
        pool.shutdownNow();
        delivery.shutdownNow();
    }

    private static ConfigDocument fruit(String... replacements) throws Exception {
        String yaml = Files.readString(FRUIT);
        for (int i = 0; i < replacements.length; i += 2) {
            yaml = yaml.replace(replacements[i], replacements[i + 1]);
        }
        return ConfigDocument.parseYaml(yaml);
    }

    private Object post(String body) throws Exception {
        return controller.routes().match("/").orElseThrow()
                .handle(new HttpRequest("POST", "/", "", Map.of(), body.getBytes(UTF_8))).get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private String appStatus() {
        return (String) ((Map<String, Object>) controller.status().get("app_status")).get("status");
    }

    @SuppressWarnings("unchecked")
    private String appMessage() {
        return (String) ((Map<String, Object>) controller.status().get("app_status")).get("message");
    }

    @SuppressWarnings("unchecked")
    private List<String> replicaIds(String deployment) {
        Map<String, Object> apps = (Map<String, Object>) controller.applications().get("applications");
        Map<String, Object> app = (Map<String, Object>) apps.get("default");
        Map<String, Object> ds = (Map<String, Object>) ((Map<String, Object>) app.get("deployments")).get(deployment);
        List<String> ids = new ArrayList<>();
        for (Object r : (List<Object>) ds.get("replicas")) {
            Map<String, Object> m = (Map<String, Object>) r;
            if (!"STOPPING".equals(m.get("state"))) {
                ids.add((String) m.get("replica_id"));
            }
        }
        return ids;
    }

    private void awaitRunning() {
        // until RUNNING: right after a deploy the status may still be the one before it (DEPLOY_FAILED)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("RUNNING", appStatus(), appMessage()));
    }

    @Test
    void theSeedsFruitStandRunsAndAnswers() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        assertThat(controller.status().toString()).contains("MangoStand", "DAGDriver").doesNotContain("UPDATING");
        assertEquals(6, post("[\"MANGO\", 2]"));
        assertEquals(12, post("[\"PEAR\", 3]"));
        assertEquals(-1, post("[\"KIWI\", 1]"));
        assertEquals(2, replicaIds("MangoStand").size());
    }

    @Test
    void aUserConfigChangeIsLightweightAndKeepsReplicas() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        List<String> before = replicaIds("MangoStand");
        controller.deploy(fruit("price: 3", "price: 5"));
        awaitRunning();
        assertEquals(10, post("[\"MANGO\", 2]"));
        assertEquals(before, replicaIds("MangoStand"));
    }

    @Test
    void aChangedOptionReplacesThatDeploymentOnly() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        List<String> mango = replicaIds("MangoStand");
        List<String> pear = replicaIds("PearStand");
        controller.deploy(fruit("max_concurrent_queries: 100\n  user_config:\n    price: 3",
                "max_concurrent_queries: 7\n  user_config:\n    price: 3"));
        awaitRunning();
        assertThat(replicaIds("MangoStand")).hasSize(2).doesNotContainAnyElementsOf(mango);
        assertEquals(pear, replicaIds("PearStand"));
        assertEquals(6, post("[\"MANGO\", 2]"));
    }

    @Test
    void rescalingKeepsTheSurvivors() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        List<String> two = replicaIds("MangoStand");
        controller.deploy(fruit("num_replicas: 2\n  route_prefix: null\n  max_concurrent_queries: 100\n  user_config:\n    price: 3",
                "num_replicas: 4\n  route_prefix: null\n  max_concurrent_queries: 100\n  user_config:\n    price: 3"));
        awaitRunning();
        List<String> four = replicaIds("MangoStand");
        assertThat(four).hasSize(4).containsAll(two);
        controller.deploy(fruit("num_replicas: 2\n  route_prefix: null\n  max_concurrent_queries: 100\n  user_config:\n    price: 3",
                "num_replicas: 1\n  route_prefix: null\n  max_concurrent_queries: 100\n  user_config:\n    price: 3"));
        awaitRunning();
        List<String> one = replicaIds("MangoStand");
        assertThat(one).hasSize(1);
        assertThat(four).containsAll(one);
    }

    @Test
    void aFailingConstructorReportsTheUsersExceptionAndThePreviousVersionKeepsServing() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        controller.deploy(ConfigDocument.parseYaml("import_path: " + BrokenApp.class.getName() + ":app\n"));
        await().atMost(Duration.ofSeconds(20)).until(() -> appStatus().equals("DEPLOY_FAILED"));
        assertThat(appMessage()).contains("java.lang.IllegalStateException: no price list", "Broken.<init>");
        assertEquals(6, post("[\"MANGO\", 2]"));
        controller.deploy(fruit("price: 3", "price: 5"));
        awaitRunning();
        assertEquals("", appMessage());
        assertEquals(10, post("[\"MANGO\", 2]"));
    }

    @Test
    void anIdenticalRedeployChangesNoReplica() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        Map<String, Object> before = controller.applications();
        controller.deploy(fruit());
        awaitRunning();
        for (String d : List.of("MangoStand", "OrangeStand", "PearStand", "FruitMarket", "DAGDriver")) {
            assertThat(replicaIds(d)).isNotEmpty();
        }
        assertThat(controller.applications().toString().replaceAll("last_deployed_time_s=[0-9.E]+", ""))
                .isEqualTo(before.toString().replaceAll("last_deployed_time_s=[0-9.E]+", ""));
    }

    @Test
    void anUnknownDeploymentNameFailsNamingTheField() throws Exception {
        controller.deploy(fruit("name: PearStand", "name: PeachStand"));
        await().atMost(Duration.ofSeconds(20)).until(() -> appStatus().equals("DEPLOY_FAILED"));
        assertThat(appMessage()).contains("deployments[2].name", "PeachStand");
    }

    @Test
    void theStoredGoalIsReappliedOnRestart() throws Exception {
        controller.deploy(fruit("price: 3", "price: 5"));
        awaitRunning();
        controller.stop();
        controller = newController();
        controller.start();
        awaitRunning();
        assertEquals(10, post("[\"MANGO\", 2]"));
    }

    @Test
    void aDeployFromBeyondLoopbackIsInstalledWithTheRemotePolicyAlsoAfterARestart() throws Exception {
        controller.deploy(fruit(), java.net.InetAddress.getByName("192.0.2.7"));
        awaitRunning();
        assertEquals(List.of(Caller.REMOTE), callers);
        controller.stop();
        controller = newController();
        controller.start();
        awaitRunning();
        assertEquals(List.of(Caller.REMOTE, Caller.REMOTE), callers, "the restarted node fetched the goal's code as remote");

        controller.deploy(fruit("price: 3", "price: 4"));
        await().atMost(Duration.ofSeconds(20)).until(() -> callers.size() == 3);
        assertEquals(Caller.LOOPBACK, callers.get(2), "a later deploy from loopback");
    }

    @Test
    void afterARestartTheLastGoodVersionServesWhileTheFailedGoalFailsAgain() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        controller.deploy(ConfigDocument.parseYaml("import_path: " + BrokenApp.class.getName() + ":app\n"));
        await().atMost(Duration.ofSeconds(20)).until(() -> appStatus().equals("DEPLOY_FAILED"));
        controller.stop();
        controller = newController();
        controller.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> appStatus().equals("DEPLOY_FAILED"));
        assertThat(appMessage()).contains("IllegalStateException: no price list");
        assertEquals(6, post("[\"MANGO\", 2]"));
        assertThat(controller.goal().orElseThrow().config().importPath()).endsWith("BrokenApp:app");
    }

    @Test
    void anotherIngressAddressIsRefusedWhileRunning() throws Exception {
        controller.ingress(new Ingress() {
            @Override
            public void open(String host, int port, RouteSource routes) {
            }

            @Override
            public void close() {
            }
        });
        controller.deploy(fruit());
        DeployRefusedException e = assertThrows(DeployRefusedException.class,
                () -> controller.deploy(fruit("import_path: fruit:deployment_graph", "import_path: fruit:deployment_graph\nport: 8123")));
        assertThat(e.getMessage()).contains("127.0.0.1:8000", "8123", "serve shutdown");
    }

    /** proxy_location: HeadOnly keeps a cluster worker's HTTP port closed; EveryNode (the default) opens it. */
    @Test
    void headOnlyOpensTheIngressOnTheHeadOnly() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean();
        controller.ingress(new Ingress() {
            @Override
            public void open(String host, int port, RouteSource routes) {
                open.set(true);
            }

            @Override
            public void close() {
                open.set(false);
            }
        });
        String headOnly = "proxy_location: HeadOnly\napplications:\n- name: app\n  route_prefix: /\n  import_path: "
                + AsyncRestApp.class.getName() + ":app\n";
        controller.head(false);
        controller.deploy(ConfigDocument.parseYaml(headOnly));
        assertThat(open.get()).as("a worker under HeadOnly").isFalse();
        controller.head(true);
        assertThat(open.get()).as("the head under HeadOnly").isTrue();
        controller.head(false);
        assertThat(open.get()).as("no longer the head").isFalse();
        controller.deploy(ConfigDocument.parseYaml(headOnly.replace("HeadOnly", "EveryNode")));
        assertThat(open.get()).as("a worker under EveryNode").isTrue();
    }

    /** A worker restarting with a stored HeadOnly goal, told it is no head before it starts, never opens its port. */
    @Test
    void aWorkerRestartingUnderHeadOnlyNeverOpensItsPort() throws Exception {
        controller.head(false);
        controller.deploy(ConfigDocument.parseYaml("proxy_location: HeadOnly\napplications:\n- name: app\n  route_prefix: /\n"
                + "  import_path: " + AsyncRestApp.class.getName() + ":app\n"));
        controller.stop().get(20, TimeUnit.SECONDS);

        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        controller = newController();
        controller.ingress(new Ingress() {
            @Override
            public void open(String host, int port, RouteSource routes) {
                opened.incrementAndGet();
            }

            @Override
            public void close() {
            }
        });
        controller.head(NodeSettings.from(Map.of("serve.cluster.enabled", "true", "serve.cluster.members", "127.0.0.1:5701")::get).head());
        controller.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.goal().isPresent() && "RUNNING".equals(
                String.valueOf(((Map<?, ?>) ((Map<?, ?>) controller.applications().get("applications")).get("app")).get("status"))));
        assertThat(opened.get()).as("times the restarted worker opened its HTTP port").isZero();
    }

    @Test
    void shutdownEmptiesTheStatusAndTheRoutes() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        controller.shutdown();
        assertEquals("NOT_STARTED", appStatus());
        RouteTable routes = controller.routes();
        assertThat(routes.isEmpty()).isTrue();
        assertEquals(Optional.empty(), controller.goal());
    }

    // ---------------------------------------------------------------- the event history

    /** The events after {@code since}, one line each: "kind application/deployment replica: message". */
    @SuppressWarnings("unchecked")
    private List<String> events(long since) {
        List<String> lines = new ArrayList<>();
        for (Object o : (List<Object>) controller.events(since).get("events")) {
            Map<String, Object> e = (Map<String, Object>) o;
            lines.add(e.get("kind") + " " + e.get("application") + "/" + e.get("deployment") + " " + e.get("replica")
                    + ": " + e.get("message"));
        }
        return lines;
    }

    private long cursor() {
        return ((Number) controller.events(0).get("cursor")).longValue();
    }

    @Test
    void theEventsTellSomeoneWhoLooksAfterwardsWhatEachDeployDid() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        List<String> mango = replicaIds("MangoStand");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events(0)).contains(
                "deploy default/null null: deploy accepted (generation 1)",
                "update default/MangoStand null: new deployment: replicas start",
                "replica_started default/MangoStand " + mango.get(0) + ": replica " + mango.get(0) + " is RUNNING",
                "replica_started default/MangoStand " + mango.get(1) + ": replica " + mango.get(1) + " is RUNNING",
                "status default/MangoStand null: HEALTHY",
                "status default/null null: RUNNING"));
        long afterFirst = cursor();

        controller.deploy(fruit("price: 3", "price: 5"));
        awaitRunning();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events(afterFirst))
                .contains("deploy default/null null: deploy accepted (generation 2)",
                        "update default/MangoStand null: lightweight update, replicas stay: user_config",
                        "reconfigure default/MangoStand " + mango.get(0) + ": user_config applied",
                        "reconfigure default/MangoStand " + mango.get(1) + ": user_config applied")
                .noneMatch(e -> e.startsWith("replica_started")) // a lightweight update keeps the replicas
                .noneMatch(e -> e.startsWith("deploy accepted (generation 1)")));
        long afterSecond = cursor();

        controller.deploy(ConfigDocument.parseYaml("import_path: " + BrokenApp.class.getName() + ":app\n"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events(afterSecond))
                .anyMatch(e -> e.startsWith("start_failed default/Broken ")
                        && e.contains("failed to start: java.lang.IllegalStateException: no price list (at "))
                .anyMatch(e -> e.startsWith("status default/null null: DEPLOY_FAILED: ")));
        controller.shutdown();
        assertThat(events(afterSecond)).last().isEqualTo("deleted default/null null: application default deleted");
    }

    @Test
    void aReplicaReplacedAfterFailedHealthChecksIsAnEventWithTheUsersException() throws Exception {
        FlakyApp.failuresLeft.set(0);
        controller.deploy(ConfigDocument.parseYaml("import_path: " + FlakyApp.class.getName() + ":app\n"
                + "deployments:\n- name: Flaky\n  health_check_period_s: 0.1\n  health_check_timeout_s: 5\n"));
        awaitRunning();
        String sick = replicaIds("Flaky").get(0);
        long before = cursor();
        FlakyApp.failuresLeft.set(3);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events(before))
                .anyMatch(e -> e.startsWith("replica_replaced default/Flaky " + sick + ": replica " + sick
                        + " failed 3 health checks in a row") && e.contains("IllegalStateException: database unreachable"))
                .anyMatch(e -> e.startsWith("status default/Flaky null: UNHEALTHY: "))
                .contains("status default/Flaky null: HEALTHY"));
    }

    @Test
    void anOperatorsEditAppliedAndOneRevertedAreEvents() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        await().atMost(Duration.ofSeconds(20)).until(() -> carrier.property(MANGO_PID, "user_config") != null);
        carrier.propertySet(MANGO_PID, "user_config", "{\"price\": ");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events(0)).anyMatch(e -> e.startsWith(
                "config_reverted default/MangoStand null: an edit of the configuration " + MANGO_PID
                        + " was refused and reverted: user_config: not valid JSON")));
        carrier.propertySet(MANGO_PID, "user_config", "{\"price\": 5}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events(0)).contains(
                "config_edit default/MangoStand null: an edit of the configuration " + MANGO_PID + " was deployed",
                "deploy default/null null: deploy accepted (generation 2)"));
    }

    @Test
    void theAutoscalersDecisionIsAnEvent() throws Exception {
        BusyApp.gate = new java.util.concurrent.CountDownLatch(1);
        controller.deploy(ConfigDocument.parseYaml("import_path: " + BusyApp.class.getName() + ":app\n"
                + "deployments:\n- name: Busy\n  autoscaling_config: {min_replicas: 1, max_replicas: 3,"
                + " metrics_interval_s: 0.1, look_back_period_s: 0.3, upscale_delay_s: 0, downscale_delay_s: 0}\n"));
        awaitRunning();
        List<java.util.concurrent.CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(controller.routes().match("/").orElseThrow()
                    .handle(new HttpRequest("GET", "/", "", Map.of(), new byte[0])));
        }
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events(0))
                    .anyMatch(e -> e.startsWith("scale default/Busy null: autoscaler: 1 -> ")));
        } finally {
            BusyApp.gate.countDown();
        }
        for (var call : calls) {
            assertEquals("done", call.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReplicaFailingThreeHealthChecksIsReplacedAndTheDeploymentShowsWhy() throws Exception {
        FlakyApp.failuresLeft.set(0);
        controller.deploy(ConfigDocument.parseYaml("import_path: " + FlakyApp.class.getName() + ":app\n"
                + "deployments:\n- name: Flaky\n  health_check_period_s: 0.1\n  health_check_timeout_s: 5\n"));
        awaitRunning();
        List<String> before = replicaIds("Flaky");
        // the next three checks fail; the replacement's constructor waits until the test has seen the status
        Flaky.constructorGate = new java.util.concurrent.CountDownLatch(1);
        FlakyApp.failuresLeft.set(3);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(controller.status().toString())
                .contains("status=UNHEALTHY", "failed 3 health checks", "IllegalStateException: database unreachable"));
        Flaky.constructorGate.countDown();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(replicaIds("Flaky")).hasSize(1).doesNotContainAnyElementsOf(before);
            assertThat(controller.status().toString()).contains("status=HEALTHY, message=}");
        });
        // the replaced replica stays visible, with why it died
        Map<String, Object> flaky = (Map<String, Object>) ((Map<String, Object>) app("default").get("deployments")).get("Flaky");
        List<Map<String, Object>> dead = (List<Map<String, Object>>) flaky.get("recent_dead_replicas");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0)).containsEntry("replica_id", before.get(0)).containsEntry("state", "STOPPED")
                .containsKeys("start_time_s", "died_at_s", "node_id", "actor_name");
        assertThat((String) dead.get(0).get("death_reason"))
                .contains("failed 3 health checks in a row", "IllegalStateException: database unreachable");
    }

    @Test
    void aReplicaWhoseHealthCheckHangsIsReplacedAndItsCloseHookStillRuns() throws Exception {
        StuckApp.hang = false;
        StuckApp.closed.set(0);
        controller.deploy(ConfigDocument.parseYaml("import_path: " + StuckApp.class.getName() + ":app\n"
                + "deployments:\n- name: Stuck\n  health_check_period_s: 0.1\n  health_check_timeout_s: 0.2\n"));
        awaitRunning();
        List<String> before = replicaIds("Stuck");
        StuckApp.hang = true;
        try {
            // the hung check is interrupted when its replica is retired, so the close hook is not stuck behind it
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(StuckApp.closed.get()).isPositive();
                assertThat(replicaIds("Stuck")).hasSize(1).doesNotContainAnyElementsOf(before);
            });
            // its replacement hangs too, so it has passed no check: the deployment stays UNHEALTHY
            assertThat(controller.status().toString()).contains("name=Stuck, status=UNHEALTHY");
        } finally {
            StuckApp.hang = false;
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(controller.status().toString()).contains("name=Stuck, status=HEALTHY"));
    }

    @Test
    void aHealthCheckSlowerThanItsPeriodButWithinItsTimeoutKeepsTheReplica() throws Exception {
        SlowCheckApp.checks.set(0);
        SlowCheckApp.gate = new java.util.concurrent.CountDownLatch(1);
        controller.deploy(ConfigDocument.parseYaml("import_path: " + SlowCheckApp.class.getName() + ":app\n"
                + "deployments:\n- name: Slow\n  health_check_period_s: 0.05\n  health_check_timeout_s: 5\n"));
        awaitRunning();
        List<String> before = replicaIds("Slow");
        await().atMost(Duration.ofSeconds(20)).until(() -> SlowCheckApp.checks.get() == 1);
        try {
            // ten of the controller's 100 ms ticks with the check out, within its 5 s timeout: nothing counts
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> replicaIds("Slow").equals(before));
        } finally {
            SlowCheckApp.gate.countDown();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> SlowCheckApp.checks.get() >= 2);
        assertEquals(before, replicaIds("Slow"));
        assertThat(controller.status().toString()).contains("name=Slow, status=HEALTHY");
    }

    @Test
    void autoscalingAddsReplicasUnderLoadAndRemovesThemWhenIdle() throws Exception {
        BusyApp.gate = new java.util.concurrent.CountDownLatch(1);
        controller.deploy(ConfigDocument.parseYaml("import_path: " + BusyApp.class.getName() + ":app\n"
                + "deployments:\n- name: Busy\n  autoscaling_config: {min_replicas: 1, max_replicas: 3,"
                + " metrics_interval_s: 0.1, look_back_period_s: 0.3, upscale_delay_s: 0, downscale_delay_s: 0}\n"));
        awaitRunning();
        assertThat(replicaIds("Busy")).hasSize(1);
        List<java.util.concurrent.CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(controller.routes().match("/").orElseThrow()
                    .handle(new HttpRequest("GET", "/", "", Map.of(), new byte[0])));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(replicaIds("Busy")).hasSize(3));
        BusyApp.gate.countDown();
        for (var call : calls) {
            assertEquals("done", call.get(10, TimeUnit.SECONDS));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(replicaIds("Busy")).hasSize(1));
    }

    @Test
    void revertingAfterAPartlyAppliedUserConfigReplacesTheReplicasSoNoneKeepsTheFailedConfig() throws Exception {
        PickyApp.sawNinetyNine.set(0);
        String app = "import_path: " + PickyApp.class.getName() + ":app\ndeployments:\n- name: Picky\n  user_config: {price: %d}\n";
        controller.deploy(ConfigDocument.parseYaml(String.format(app, 1)));
        awaitRunning();
        List<String> before = replicaIds("Picky");
        controller.deploy(ConfigDocument.parseYaml(String.format(app, 99)));
        await().atMost(Duration.ofSeconds(20)).until(() -> appStatus().equals("DEPLOY_FAILED"));
        assertThat(appMessage()).contains("1 of 2 replicas have the new user_config", "99 is too much");
        controller.deploy(ConfigDocument.parseYaml(String.format(app, 1)));
        awaitRunning();
        assertThat(replicaIds("Picky")).hasSize(2).doesNotContainAnyElementsOf(before);
    }

    @Test
    void aReconfigureThatFailsTwiceIsRetriedWithBackoffAndTheMessageSaysWhenTheNextAttemptIs() throws Exception {
        ShyApp.failuresLeft.set(0);
        String app = "import_path: " + ShyApp.class.getName() + ":app\ndeployments:\n- name: Shy\n  user_config: {price: %d}\n";
        controller.deploy(ConfigDocument.parseYaml(String.format(app, 1)));
        awaitRunning();
        List<String> before = replicaIds("Shy");
        ShyApp.failuresLeft.set(2);
        controller.deploy(ConfigDocument.parseYaml(String.format(app, 7)));
        // while it waits: the user's exception, the attempt, when the next one is
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deploymentStatus("Shy").get("message").toString())
                .contains("reconfigure failed on replica", "java.lang.IllegalStateException: price list locked",
                        "Shy.reconfigure", "attempt 2", "next attempt in 2 s"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertEquals("RUNNING", appStatus(), appMessage());
            assertThat(deploymentStatus("Shy")).containsEntry("status", "HEALTHY").containsEntry("message", "");
        });
        assertEquals(7, post(""));
        assertThat(replicaIds("Shy")).isEqualTo(before);
        assertThat(ShyApp.failuresLeft.get()).isNegative();
    }

    @Test
    void aDeploymentThatFailedToStartIsGoneOnceTheConfigNoLongerHasIt() throws Exception {
        String v1 = "import_path: " + PickyApp.class.getName() + ":app\n";
        controller.deploy(ConfigDocument.parseYaml(v1));
        awaitRunning();
        controller.deploy(ConfigDocument.parseYaml("import_path: " + PickyApp.class.getName() + ":withBroken\n"));
        await().atMost(Duration.ofSeconds(20)).until(() -> appStatus().equals("DEPLOY_FAILED"));
        assertThat(controller.status().toString()).contains("name=Broken, status=UNHEALTHY");
        controller.deploy(ConfigDocument.parseYaml(v1));
        awaitRunning();
        assertThat(controller.status().toString()).doesNotContain("Broken").contains("name=Picky, status=HEALTHY");
    }

    @Test
    void replicasSeeRuntimeEnvEnvVarsAndTheirOwnIdThroughReplicaContextAfterTheirBoundArguments() throws Exception {
        controller.deploy(ConfigDocument.parseYaml("import_path: " + EnvApp.class.getName() + ":app\n"
                + "runtime_env: {env_vars: {REGION: eu}}\n"));
        awaitRunning();
        String id = replicaIds("Env").get(0);
        assertEquals("greeting eu " + id + " Env", post(""));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> deploymentStatus(String name) {
        for (Object o : (List<Object>) controller.status().get("deployment_statuses")) {
            Map<String, Object> d = (Map<String, Object>) o;
            if (name.equals(d.get("name"))) {
                return d;
            }
        }
        throw new AssertionError("no deployment " + name + " in " + controller.status());
    }

    @Test
    void aConstructorThatFailsTwiceThenSucceedsRecoversByItselfAndTheMessageSaysWhenTheNextAttemptIs() throws Exception {
        ColdApp.failuresLeft.set(2);
        controller.deploy(ConfigDocument.parseYaml("import_path: " + ColdApp.class.getName() + ":app\n"));
        // while it waits: the user's exception, how many attempts failed, when the next one is
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deploymentStatus("Cold").get("message").toString())
                .contains("java.lang.IllegalStateException: cache not warm yet", "Cold.<init>",
                        "2 failures in a row", "next attempt in 2 s"));
        assertThat(appStatus()).isEqualTo("DEPLOYING");
        awaitRunning();
        assertEquals("warm", post(""));
        assertThat(deploymentStatus("Cold")).containsEntry("status", "HEALTHY").containsEntry("message", "");
    }

    @Test
    void aReplacementAfterFailedHealthChecksWhoseConstructorFailsTwiceIsRetriedUntilItRuns() throws Exception {
        ColdApp.failuresLeft.set(0);
        ColdApp.sick = false;
        controller.deploy(ConfigDocument.parseYaml("import_path: " + ColdApp.class.getName() + ":app\n"
                + "deployments:\n- name: Cold\n  health_check_period_s: 0.1\n  health_check_timeout_s: 5\n"));
        awaitRunning();
        List<String> before = replicaIds("Cold");
        ColdApp.failuresLeft.set(2);
        ColdApp.sick = true;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deploymentStatus("Cold"))
                .containsEntry("status", "UNHEALTHY"));
        ColdApp.sick = false;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deploymentStatus("Cold").get("message").toString())
                .contains("cache not warm yet", "2 failures in a row", "next attempt in 2 s"));
        assertThat(deploymentStatus("Cold")).containsEntry("status", "UNHEALTHY");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(deploymentStatus("Cold")).containsEntry("status", "HEALTHY").containsEntry("message", "");
            assertThat(replicaIds("Cold")).hasSize(1).doesNotContainAnyElementsOf(before);
        });
        assertEquals("RUNNING", appStatus(), "a repair after the deploy converged is not a failed deploy");
    }

    @Test
    void aReplicaLostBehindTheControllersBackIsReplacedWithoutADeploy() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        List<String> before = replicaIds("MangoStand");
        String lost = before.get(0);
        controller.detach(lost); // as SCR reports a component instance disposed from outside
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(replicaIds("MangoStand")).hasSize(2).doesNotContain(lost).contains(before.get(1));
            assertThat(deploymentStatus("MangoStand")).containsEntry("status", "HEALTHY");
        });
        assertEquals(6, post("[\"MANGO\", 2]"));
    }

    @Test
    void whileALostReplicaIsBeingReplacedTheDeploymentIsUnhealthy() throws Exception {
        ColdApp.failuresLeft.set(0);
        controller.deploy(ConfigDocument.parseYaml("import_path: " + ColdApp.class.getName() + ":app\n"));
        awaitRunning();
        ColdApp.failuresLeft.set(1);
        controller.detach(replicaIds("Cold").get(0));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deploymentStatus("Cold"))
                .containsEntry("status", "UNHEALTHY"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deploymentStatus("Cold"))
                .containsEntry("status", "HEALTHY"));
    }

    @Test
    void retiringReplicasKeepTheGracefulShutdownTimeoutOfTheirOwnVersion() throws Exception {
        BusyApp.gate = new java.util.concurrent.CountDownLatch(1);
        String app = "import_path: " + BusyApp.class.getName() + ":app\ndeployments:\n- name: Busy\n"
                + "  graceful_shutdown_timeout_s: %s\n";
        controller.deploy(ConfigDocument.parseYaml(String.format(app, "0")));
        awaitRunning();
        List<String> old = replicaIds("Busy");
        var held = controller.routes().match("/").orElseThrow().handle(new HttpRequest("GET", "/", "", Map.of(), new byte[0]));
        try {
            controller.deploy(ConfigDocument.parseYaml(String.format(app, "30")));
            awaitRunning();
            // the old replica holds a request, but its own version allows it no grace: it is closed at once
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(allReplicaIds("Busy"))
                    .doesNotContainAnyElementsOf(old));
        } finally {
            BusyApp.gate.countDown();
        }
        held.handle((v, t) -> null).get(10, TimeUnit.SECONDS);
    }

    @Test
    void controllerStateChangedOffTheReconcileThreadIsRefused() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        ReplicaSet mango = controller.replicaSet("MangoStand");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> mango.rescale(5));
        assertThat(e.getMessage()).contains("off the reconcile thread", Thread.currentThread().getName());
        assertEquals(2, controller.inspect(mango::target));
        assertThat(controller.inspect(() -> { mango.rescale(3); return mango.target(); })).isEqualTo(3);
    }

    @SuppressWarnings("unchecked")
    private List<String> allReplicaIds(String deployment) {
        Map<String, Object> apps = (Map<String, Object>) controller.applications().get("applications");
        Map<String, Object> app = (Map<String, Object>) apps.get("default");
        Map<String, Object> ds = (Map<String, Object>) ((Map<String, Object>) app.get("deployments")).get(deployment);
        List<String> ids = new ArrayList<>();
        for (Object r : (List<Object>) ds.get("replicas")) {
            ids.add((String) ((Map<String, Object>) r).get("replica_id"));
        }
        return ids;
    }

    /** ConfigAdmin in miniature: configurations by PID, each write delivered to the host later, on another thread. */
    final class MemoryCarrier implements DeploymentCarrier {
        final Map<String, Map<String, Object>> configurations = new java.util.concurrent.ConcurrentHashMap<>();
        volatile DeploymentHost host;

        /** While true, writes are stored but not delivered (ConfigAdmin's event thread held up). */
        volatile boolean holding;
        final List<Map<String, Object>> held = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void write(String app, String deployment, Map<String, Object> properties) {
            configurations.put(pid(app, deployment), Map.copyOf(properties));
            if (holding) {
                held.add(properties);
            } else {
                delivery.execute(() -> host.configured(properties));
            }
        }

        void release() {
            holding = false;
            held.forEach(p -> delivery.execute(() -> host.configured(p)));
            held.clear();
        }

        @Override
        public void delete(String app, String deployment) {
            if (configurations.remove(pid(app, deployment)) != null) {
                delivery.execute(() -> host.removed(app, deployment));
            }
        }

        @Override
        public void deleteAll() {
            configurations.clear();
        }

        @Override
        public String pid(String app, String deployment) {
            return "serve.deployment~" + app + "." + deployment;
        }

        /** As {@code config:property-set -p <pid> <key> <value>}: the other properties stay as they are. */
        void propertySet(String pid, String key, String value) {
            Map<String, Object> p = new java.util.HashMap<>(configurations.get(pid));
            p.put(key, value);
            configurations.put(pid, p);
            delivery.execute(() -> host.configured(p));
        }

        Object property(String pid, String key) {
            Map<String, Object> p = configurations.get(pid);
            return p == null ? null : p.get(key);
        }
    }

    private static final String MANGO_PID = "serve.deployment~default.MangoStand";

    @Test
    void eachDeploymentIsCarriedByItsOwnConfigurationWithItsEffectiveOptionsAndUserConfigAsJson() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        await().atMost(Duration.ofSeconds(20)).until(() -> carrier.configurations.keySet().size() == 5);
        assertEquals("{\"price\":3}", carrier.property(MANGO_PID, "user_config"));
        assertEquals("2", carrier.property(MANGO_PID, "num_replicas"));
        assertEquals("MangoStand", carrier.property(MANGO_PID, "serve.deployment"));
        assertThat(carrier.property(MANGO_PID, "serve.generation")).isInstanceOf(Long.class);
    }

    @Test
    void aDeploysUserConfigReachesTheReplicasOnlyWhenItsConfigurationArrives() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        await().atMost(Duration.ofSeconds(20)).until(() -> "{\"price\":3}".equals(carrier.property(MANGO_PID, "user_config")));
        List<String> before = replicaIds("MangoStand");
        carrier.holding = true;
        controller.deploy(fruit("price: 3", "price: 5"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "{\"price\":5}".equals(carrier.property(MANGO_PID, "user_config")));
        assertEquals(6, post("[\"MANGO\", 2]"), "reconfigured before its configuration arrived");
        assertThat(deploymentStatus("MangoStand")).containsEntry("status", "UPDATING");
        carrier.release();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(10, post("[\"MANGO\", 2]")));
        awaitRunning();
        assertEquals(before, replicaIds("MangoStand"));
    }

    @Test
    void aUserConfigDeployReusesTheLoadedApplication() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        controller.deploy(fruit("price: 3", "price: 5"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(10, post("[\"MANGO\", 2]")));
        awaitRunning();
        assertEquals(1, loads.get(), "the code was loaded again for a user_config change");
        // other code (another runtime_env) is loaded afresh
        controller.deploy(fruit("runtime_env: {}", "runtime_env: {env_vars: {REGION: eu}}"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(2, loads.get()));
        awaitRunning();
        assertEquals(6, post("[\"MANGO\", 2]"));
    }

    @Test
    void anOperatorsEditOfUserConfigIsADeployThatKeepsTheReplicas() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        List<String> before = replicaIds("MangoStand");
        double stamp = store.load().orElseThrow().deploymentTimestamp();
        await().atMost(Duration.ofSeconds(20)).until(() -> carrier.property(MANGO_PID, "user_config") != null);
        carrier.propertySet(MANGO_PID, "user_config", "{\"price\": 5}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(10, post("[\"MANGO\", 2]")));
        awaitRunning();
        assertEquals(before, replicaIds("MangoStand"));
        assertThat(controller.goal().orElseThrow().toYaml()).contains("price: 5");
        assertThat(store.load().orElseThrow().config().toYaml()).contains("price: 5");
        assertThat(store.load().orElseThrow().deploymentTimestamp()).isGreaterThan(stamp);
        await().atMost(Duration.ofSeconds(20)).until(() -> "{\"price\":5}".equals(carrier.property(MANGO_PID, "user_config")));
    }

    @Test
    void anInvalidEditIsRevertedAndNamedInTheDeploymentsMessage() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        await().atMost(Duration.ofSeconds(20)).until(() -> carrier.property(MANGO_PID, "user_config") != null);
        carrier.propertySet(MANGO_PID, "user_config", "{\"price\": ");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertEquals("{\"price\":3}", carrier.property(MANGO_PID, "user_config"));
            assertThat(deploymentStatus("MangoStand").get("message").toString())
                    .contains(MANGO_PID, "refused and reverted", "user_config: not valid JSON");
        });
        assertEquals(6, post("[\"MANGO\", 2]"));
        assertThat(controller.goal().orElseThrow().toYaml()).contains("price: 3");
    }

    @Test
    void anEditThatBreaksAFieldRuleIsRevertedNamingTheField() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        await().atMost(Duration.ofSeconds(20)).until(() -> carrier.property(MANGO_PID, "num_replicas") != null);
        carrier.propertySet(MANGO_PID, "num_replicas", "-4");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertEquals("2", carrier.property(MANGO_PID, "num_replicas"));
            assertThat(deploymentStatus("MangoStand").get("message").toString())
                    .contains("refused and reverted", "num_replicas");
        });
        assertEquals(2, replicaIds("MangoStand").size());
    }

    @Test
    void aDeletedDeploymentConfigurationIsWrittenAgainFromTheGoal() throws Exception {
        controller.deploy(fruit());
        awaitRunning();
        await().atMost(Duration.ofSeconds(20)).until(() -> carrier.configurations.containsKey(MANGO_PID));
        List<String> before = replicaIds("MangoStand");
        carrier.delete("default", "MangoStand");
        await().atMost(Duration.ofSeconds(2)).until(() -> "{\"price\":3}".equals(carrier.property(MANGO_PID, "user_config")));
        assertEquals(before, replicaIds("MangoStand"));
    }

    // ---------------------------------------------------------------- several applications

    /** FruitStand at /fruit and a copy of it at /eu whose MangoStand costs 7. */
    private static final String TWO_APPS = """
            applications:
            - name: fruit
              route_prefix: /fruit
              import_path: fruit:deployment_graph
              deployments:
              - name: MangoStand
                user_config:
                  price: 3
            - name: eu
              route_prefix: /eu
              import_path: fruit:deployment_graph
              deployments:
              - name: MangoStand
                user_config:
                  price: 7
            """;

    private Object post(String path, String body) throws Exception {
        return controller.routes().match(path).orElseThrow(() -> new AssertionError("no route for " + path))
                .handle(new HttpRequest("POST", path, "", Map.of(), body.getBytes(UTF_8))).get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> app(String name) {
        return (Map<String, Object>) ((Map<String, Object>) controller.applications().get("applications")).get(name);
    }

    private void awaitAppStatus(String name, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> app(name) != null && status.equals(app(name).get("status")));
    }

    @SuppressWarnings("unchecked")
    private List<String> replicaIds(String appName, String deployment) {
        Map<String, Object> ds = (Map<String, Object>) ((Map<String, Object>) app(appName).get("deployments")).get(deployment);
        List<String> ids = new ArrayList<>();
        for (Object r : (List<Object>) ds.get("replicas")) {
            Map<String, Object> m = (Map<String, Object>) r;
            if (!"STOPPING".equals(m.get("state"))) {
                ids.add((String) m.get("replica_id"));
            }
        }
        return ids;
    }

    private List<String> appReplicaIds(String appName) {
        List<String> ids = new ArrayList<>();
        for (String d : List.of("MangoStand", "OrangeStand", "PearStand", "FruitMarket", "DAGDriver")) {
            ids.addAll(replicaIds(appName, d));
        }
        return ids;
    }

    @Test
    void twoApplicationsFromOneDocumentAnswerEachAtItsRoutePrefix() throws Exception {
        controller.deploy(ConfigDocument.parseYaml(TWO_APPS));
        awaitAppStatus("fruit", "RUNNING");
        awaitAppStatus("eu", "RUNNING");
        assertEquals(14, post("/eu", "[\"MANGO\", 2]"));
        assertEquals(6, post("/fruit", "[\"MANGO\", 2]"));
        assertEquals("/eu", app("eu").get("route_prefix"));
        assertEquals(StatusViewTest.INSTANCE, controller.applications().keySet());
        assertEquals(StatusViewTest.APPLICATION, app("eu").keySet());
        for (Object d : ((Map<?, ?>) app("eu").get("deployments")).values()) {
            assertEquals(StatusViewTest.DEPLOYMENT, ((Map<?, ?>) d).keySet());
        }
        assertThat(controller.routes().match("/elsewhere")).isEmpty();
        assertThat(appReplicaIds("fruit")).doesNotContainAnyElementsOf(appReplicaIds("eu"));
    }

    @Test
    void replicaMetricsCarryTheirApplicationsNameNotDefault() throws Exception {
        io.osgiserve.metrics.ServeMetrics metrics = io.osgiserve.metrics.ServeMetrics.prometheus();
        controller.metrics(metrics);
        controller.deploy(ConfigDocument.parseYaml(TWO_APPS));
        awaitAppStatus("fruit", "RUNNING");
        awaitAppStatus("eu", "RUNNING");

        assertEquals(14, post("/eu", "[\"MANGO\", 2]"));
        assertEquals(14, post("/eu", "[\"MANGO\", 2]"));
        assertEquals(6, post("/fruit", "[\"MANGO\", 2]"));

        java.io.ByteArrayOutputStream scrape = new java.io.ByteArrayOutputStream();
        metrics.writeTo(scrape);
        List<String> mango = scrape.toString(UTF_8).lines()
                .filter(l -> l.startsWith("ray_serve_deployment_request_counter_total{") && l.contains("deployment=\"MangoStand\""))
                .toList();
        // one series per replica (two each): the requests add up per application
        java.util.function.Function<String, Double> requestsOf = app -> mango.stream()
                .filter(l -> l.contains("application=\"" + app + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(mango).as("MangoStand's request counters").hasSize(4)
                .noneMatch(l -> l.contains("application=\"default\""));
        assertEquals(2.0, requestsOf.apply("eu"), mango::toString);
        assertEquals(1.0, requestsOf.apply("fruit"), mango::toString);
    }

    @Test
    @SuppressWarnings("unchecked")
    void scaleToZeroAfterTheToZeroDelayWithoutTrafficThenTheNextRequestScalesUpAtOnceAndTheNewReplicaAnswersIt()
            throws Exception {
        BusyApp.gate = new java.util.concurrent.CountDownLatch(0);
        // downscale_delay_s and upscale_delay_s are 600 s: only the to-zero delay and the wake-up from zero can act
        controller.deploy(ConfigDocument.parseYaml("""
                applications:
                - name: idle
                  route_prefix: /idle
                  import_path: %s:app
                  deployments:
                  - name: Busy
                    autoscaling_config: {min_replicas: 0, initial_replicas: 1, max_replicas: 2, metrics_interval_s: 0.1,
                      look_back_period_s: 0.3, upscale_delay_s: 600, downscale_delay_s: 600, downscale_to_zero_delay_s: 0.5}
                """.formatted(BusyApp.class.getName())));
        awaitAppStatus("idle", "RUNNING");
        java.util.function.Supplier<Map<String, Object>> busy = () ->
                (Map<String, Object>) ((Map<String, Object>) app("idle").get("deployments")).get("Busy");
        await("the initial replica").atMost(Duration.ofSeconds(20))
                .until(() -> !((List<Object>) busy.get().get("replicas")).isEmpty());

        await("no replica left").atMost(Duration.ofSeconds(20))
                .until(() -> ((List<Object>) busy.get().get("replicas")).isEmpty());
        // at zero, zero is the target: the deployment is HEALTHY and the application RUNNING
        assertEquals(0, busy.get().get("target_num_replicas"));
        assertEquals("HEALTHY", busy.get().get("status"));
        assertEquals("RUNNING", app("idle").get("status"));

        assertEquals("done", post("/idle", ""));
        assertThat(replicaIds("idle", "Busy")).hasSize(1);
        assertEquals(1, busy.get().get("target_num_replicas"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRequestAtZeroReplicasWaitsInTheQueueWhileTheDeploymentIsUpscalingAndTheNewReplicaAnswersIt() throws Exception {
        GatedStartApp.constructorGate = new java.util.concurrent.CountDownLatch(1);
        // no initial_replicas: it starts at min_replicas, zero
        controller.deploy(ConfigDocument.parseYaml("""
                applications:
                - name: cold
                  route_prefix: /cold
                  import_path: %s:app
                  deployments:
                  - name: Cold
                    autoscaling_config: {min_replicas: 0, max_replicas: 1, metrics_interval_s: 0.1,
                      upscale_delay_s: 600, downscale_delay_s: 600}
                """.formatted(GatedStartApp.class.getName())));
        awaitAppStatus("cold", "RUNNING");
        java.util.function.Supplier<Map<String, Object>> cold = () ->
                (Map<String, Object>) ((Map<String, Object>) app("cold").get("deployments")).get("Cold");
        assertEquals(List.of(), cold.get().get("replicas"));
        assertEquals("HEALTHY", cold.get().get("status"));

        java.util.concurrent.CompletableFuture<Object> call = controller.routes().match("/cold").orElseThrow()
                .handle(new HttpRequest("POST", "/cold", "", Map.of(), new byte[0]));

        await("upscaling from zero").atMost(Duration.ofSeconds(20)).until(() -> "UPSCALING".equals(cold.get().get("status")));
        assertEquals("AUTOSCALING", cold.get().get("status_trigger"));
        assertEquals(1, cold.get().get("target_num_replicas"));
        assertEquals("RUNNING", app("cold").get("status"), "the application keeps running while it scales");
        assertThat(call).as("the request waits while the replica starts").isNotDone();
        GatedStartApp.constructorGate.countDown();
        assertEquals("warm", call.get(20, TimeUnit.SECONDS));
        await("at its new count").atMost(Duration.ofSeconds(20)).until(() -> "HEALTHY".equals(cold.get().get("status")));
        assertEquals("CONFIG_UPDATE_COMPLETED", cold.get().get("status_trigger"));
    }

    @Test
    void theLongestRoutePrefixWinsAcrossApplications() throws Exception {
        controller.deploy(ConfigDocument.parseYaml(TWO_APPS.replace("route_prefix: /fruit", "route_prefix: /")));
        awaitAppStatus("fruit", "RUNNING");
        awaitAppStatus("eu", "RUNNING");
        assertEquals(14, post("/eu", "[\"MANGO\", 2]"));
        assertEquals(6, post("/europe", "[\"MANGO\", 2]"));
        assertEquals(6, post("/", "[\"MANGO\", 2]"));
    }

    @Test
    void anApplicationNoLongerListedIsDeletedWhileTheOthersReplicasStay() throws Exception {
        controller.deploy(ConfigDocument.parseYaml(TWO_APPS));
        awaitAppStatus("fruit", "RUNNING");
        awaitAppStatus("eu", "RUNNING");
        List<String> fruit = appReplicaIds("fruit");
        controller.deploy(ConfigDocument.parseYaml(TWO_APPS.substring(0, TWO_APPS.indexOf("- name: eu"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> app("eu") == null && controller.routes().match("/eu").isEmpty());
        assertEquals(fruit, appReplicaIds("fruit"));
        assertEquals("RUNNING", app("fruit").get("status"));
        assertEquals(6, post("/fruit", "[\"MANGO\", 2]"));
    }

    @Test
    void updatingOneApplicationNeverTouchesAnothersReplicas() throws Exception {
        controller.deploy(ConfigDocument.parseYaml(TWO_APPS));
        awaitAppStatus("fruit", "RUNNING");
        awaitAppStatus("eu", "RUNNING");
        List<String> fruit = appReplicaIds("fruit");
        Object fruitDeployed = app("fruit").get("last_deployed_time_s");
        // a code change of eu (a different runtime_env is other code): every eu replica is replaced
        List<String> eu = appReplicaIds("eu");
        controller.deploy(ConfigDocument.parseYaml(TWO_APPS.replace("  route_prefix: /eu\n",
                "  route_prefix: /eu\n  runtime_env:\n    env_vars:\n      REGION: eu\n")));
        await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(app("eu").get("status"))
                && appReplicaIds("eu").stream().noneMatch(eu::contains));
        assertEquals(fruit, appReplicaIds("fruit"));
        assertEquals(fruitDeployed, app("fruit").get("last_deployed_time_s"));
        assertEquals(14, post("/eu", "[\"MANGO\", 2]"));
    }

    @Test
    void aFailingApplicationLeavesTheOtherRunning() throws Exception {
        controller.deploy(ConfigDocument.parseYaml(TWO_APPS));
        awaitAppStatus("fruit", "RUNNING");
        awaitAppStatus("eu", "RUNNING");
        List<String> fruit = appReplicaIds("fruit");
        controller.deploy(ConfigDocument.parseYaml(TWO_APPS
                .replace("  route_prefix: /eu\n  import_path: fruit:deployment_graph\n  deployments:\n  - name: MangoStand\n    user_config:\n      price: 7\n",
                        "  route_prefix: /eu\n  import_path: " + BrokenApp.class.getName() + ":app\n")));
        awaitAppStatus("eu", "DEPLOY_FAILED");
        assertThat((String) app("eu").get("message")).contains("no price list");
        assertEquals("RUNNING", app("fruit").get("status"));
        assertEquals(fruit, appReplicaIds("fruit"));
        assertEquals(6, post("/fruit", "[\"MANGO\", 2]"));
    }

    @Test
    void inTheMultiApplicationFormAMaxOngoingRequestsChangeKeepsTheReplicas() throws Exception {
        controller.deploy(ConfigDocument.parseYaml(TWO_APPS));
        awaitAppStatus("fruit", "RUNNING");
        List<String> mango = replicaIds("fruit", "MangoStand");
        controller.deploy(ConfigDocument.parseYaml(TWO_APPS.replaceFirst("  - name: MangoStand\n",
                "  - name: MangoStand\n    max_ongoing_requests: 9\n")));
        await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(app("fruit").get("status"))
                && String.valueOf(app("fruit").get("deployments")).contains("max_ongoing_requests=9"));
        assertEquals(mango, replicaIds("fruit", "MangoStand"));
        assertEquals(6, post("/fruit", "[\"MANGO\", 2]"));
    }


    /** An application builder: {@code args.word} is what its one deployment answers. */
    public static final class WordApp {
        public static io.osgiserve.api.BoundDeployment app(Map<String, Object> args) {
            Object word = args.getOrDefault("word", "hello");
            if (!(word instanceof String)) {
                throw new IllegalArgumentException("args.word: must be text");
            }
            return Deployment.of(Word.class).name("Word").bind(word);
        }
    }

    public static final class Word {
        private final String word;

        public Word(String word) {
            this.word = word;
        }

        public String call(HttpRequest request) {
            return word;
        }
    }

    @Test
    void theArgsOfServeDeployImportPathReachTheBuilder() throws Exception {
        controller.deploy(ConfigDocument.ofImportPath(WordApp.class.getName() + ":app", "words", List.of("word=Bonjour")));
        awaitAppStatus("words", "RUNNING");
        assertEquals("Bonjour", post("/", ""));
        controller.deploy(ConfigDocument.ofImportPath(WordApp.class.getName() + ":app", "words", List.of()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("hello", post("/", "")));
    }

    @Test
    void argsGivenToAnAttributeThatTakesNoneAreRefusedByName() throws Exception {
        controller.deploy(ConfigDocument.ofImportPath(BrokenApp.class.getName() + ":app", "broken", List.of("word=x")));
        awaitAppStatus("broken", "DEPLOY_FAILED");
        assertThat((String) app("broken").get("message")).contains("args:", "takes no args");
    }


    @Test
    void scaleSetsOneDeploymentsReplicasOfOneApplicationAndRefusesWhatIsNotThere() throws Exception {
        controller.deploy(ConfigDocument.parseYaml(TWO_APPS));
        awaitAppStatus("fruit", "RUNNING");
        awaitAppStatus("eu", "RUNNING");
        List<String> eu = appReplicaIds("eu");

        controller.scale("fruit", "MangoStand", 3);

        await().atMost(Duration.ofSeconds(20)).until(() -> replicaIds("fruit", "MangoStand").size() == 3
                && "RUNNING".equals(app("fruit").get("status")));
        assertEquals(eu, appReplicaIds("eu"));
        assertThat(assertThrows(DeployRefusedException.class, () -> controller.scale("asia", "MangoStand", 1))
                .getMessage()).isEqualTo("no application named 'asia' (the node runs: fruit, eu)");
        assertThat(assertThrows(DeployRefusedException.class, () -> controller.scale("eu", "KiwiStand", 1))
                .getMessage()).contains("no deployment named 'KiwiStand'");
        assertThat(assertThrows(DeployRefusedException.class, () -> controller.scale("eu", "MangoStand", -1))
                .getMessage()).startsWith("target_num_replicas: ");
    }

}
