package io.osgiserve.runtime.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.runtime.routing.DeploymentRouter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** User code logging through SLF4J sees its replica id and the request id in the MDC, and nothing leaks. */
class LogContextTest {
    private final ExecutorService requests = Executors.newSingleThreadExecutor();
    private final ExecutorService lifecycle = Executors.newSingleThreadExecutor();

    /** A deployment that logs through SLF4J; {@link #lines} are the MDCs its lines were logged with. */
    public static final class Logging {
        final String name = "logger-" + System.nanoTime();
        final List<Map<String, String>> lines = new CopyOnWriteArrayList<>();
        private final DeploymentRouter downstream;

        public Logging(DeploymentRouter downstream) {
            this.downstream = downstream;
            capture();
            log("constructed");
        }

        public String call(HttpRequest request) throws Exception {
            log("serving " + request.path());
            return downstream == null ? "ok" : (String) downstream.call("hello", new Object[0]).get(10, TimeUnit.SECONDS);
        }

        public String hello() {
            log("hello");
            return "hi";
        }

        private void log(String message) {
            LoggerFactory.getLogger(name).info(message);
        }

        /** Logback, as a node's logging backend would: each event's MDC as it was when the line was logged. */
        Logging capture() {
            ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name);
            logger.setLevel(ch.qos.logback.classic.Level.INFO);
            ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ch.qos.logback.core.AppenderBase<>() {
                @Override
                protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
                    lines.add(new HashMap<>(event.getMDCPropertyMap()));
                }
            };
            appender.setContext(logger.getLoggerContext());
            appender.start();
            logger.addAppender(appender);
            return this;
        }
    }

    @AfterEach
    void stop() {
        requests.shutdownNow();
        lifecycle.shutdownNow();
    }

    @Test
    void anAccessLineWrittenOnAReplicasThreadCarriesItsOwnRequestIdAndNoReplica() {
        List<Map<String, String>> logged = new CopyOnWriteArrayList<>();
        ch.qos.logback.classic.Logger access = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                io.osgiserve.metrics.AccessLog.LOGGER);
        access.setLevel(ch.qos.logback.classic.Level.INFO);
        ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ch.qos.logback.core.AppenderBase<>() {
            @Override
            protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
                logged.add(new HashMap<>(event.getMDCPropertyMap()));
            }
        };
        appender.start();
        access.addAppender(appender);
        try {
            MDC.put("replica", "MangoStand#k2x9");
            MDC.put("request_id", "other-request");
            io.osgiserve.metrics.AccessLog.log("dag-request", "fruit", "/", "DAGDriver", null, "POST", 200, 1_000_000);

            assertThat(logged).containsExactly(Map.of("request_id", "dag-request"));
            assertThat(MDC.get("replica")).isEqualTo("MangoStand#k2x9");
            assertThat(MDC.get("request_id")).isEqualTo("other-request");
        } finally {
            access.detachAppender(appender);
            MDC.clear();
        }
    }

    @Test
    void aRequestsLinesCarryTheReplicaIdAndTheClientsRequestId() throws Exception {
        Logging user = new Logging(null);
        Replica r = started("Mango#a1", user);

        assertThat(call(r, request("abc-123")).get(10, TimeUnit.SECONDS)).isEqualTo("ok");

        assertThat(user.lines.get(user.lines.size() - 1)).isEqualTo(Map.of("replica", "Mango#a1", "request_id", "abc-123"));
    }

    @Test
    void lifecycleLinesCarryTheReplicaIdOnly() throws Exception {
        Logging user = new Logging(null); // constructed outside: its first line has no replica
        Replica r = new Replica("Mango#a2", "Mango", requests, lifecycle);
        r.start(() -> {
            user.log("constructor of the replica");
            return user;
        }, null, 0);
        r.ready().get(10, TimeUnit.SECONDS);

        assertThat(user.lines.get(0)).isEmpty();
        assertThat(user.lines.get(1)).isEqualTo(Map.of("replica", "Mango#a2"));
    }

    @Test
    void withoutAPlainRequestIdEachRequestGetsANewOneAndAForgedLineIsNotLogged() throws Exception {
        Logging user = new Logging(null);
        Replica r = started("Mango#a3", user);

        call(r, request(null)).get(10, TimeUnit.SECONDS);
        call(r, request(null)).get(10, TimeUnit.SECONDS);
        call(r, request("x\nrequest_id=forged")).get(10, TimeUnit.SECONDS);
        call(r, request("a".repeat(65))).get(10, TimeUnit.SECONDS);

        List<String> ids = user.lines.subList(1, 5).stream().map(l -> l.get("request_id")).toList();
        assertThat(ids).allMatch(id -> id.matches("[0-9a-f]{16}"), "generated ids").doesNotHaveDuplicates();
    }

    @Test
    void thePooledThreadKeepsNoIdsAfterTheCall() throws Exception {
        Logging user = new Logging(null);
        Replica r = started("Mango#a4", user);
        call(r, request("abc-123")).get(10, TimeUnit.SECONDS);

        // the same (only) request thread, after the call
        assertThat(requests.submit(MDC::getCopyOfContextMap).get(10, TimeUnit.SECONDS)).isNullOrEmpty();
        assertThat(lifecycle.submit(MDC::getCopyOfContextMap).get(10, TimeUnit.SECONDS)).isNullOrEmpty();
    }

    @Test
    void aCallThroughAHandleCarriesTheCallersRequestIdToTheCalledReplica() throws Exception {
        ExecutorService downstreamPool = Executors.newFixedThreadPool(2);
        try {
            Logging pear = new Logging(null);
            Replica pearReplica = new Replica("Pear#p1", "Pear", downstreamPool, downstreamPool);
            pearReplica.start(() -> pear, null, 0);
            pearReplica.ready().get(10, TimeUnit.SECONDS);
            DeploymentRouter toPear = new DeploymentRouter("Pear", 100, 100);
            toPear.replicas(List.of(pearReplica));
            Logging market = new Logging(toPear);
            Replica r = started("Market#m1", market);

            assertThat(call(r, request("req-7")).get(10, TimeUnit.SECONDS)).isEqualTo("hi");

            assertThat(pear.lines.get(pear.lines.size() - 1)).isEqualTo(Map.of("replica", "Pear#p1", "request_id", "req-7"));
        } finally {
            downstreamPool.shutdownNow();
        }
    }

    private Replica started(String id, Object user) throws Exception {
        Replica r = new Replica(id, id.substring(0, id.indexOf('#')), requests, lifecycle);
        r.start(() -> user, null, 0);
        r.ready().get(10, TimeUnit.SECONDS);
        return r;
    }

    /** One request in a slot of its own, as the router gives it. */
    private static java.util.concurrent.CompletableFuture<Object> call(Replica r, HttpRequest request) {
        assertThat(r.tryAcquire(100)).isTrue();
        return r.invoke("call", new Object[] {request});
    }

    private static HttpRequest request(String requestId) {
        Map<String, String> headers = requestId == null ? Map.of() : Map.of("x-request-id", requestId);
        return new HttpRequest("POST", "/", "", headers, "[]".getBytes(StandardCharsets.UTF_8));
    }
}
