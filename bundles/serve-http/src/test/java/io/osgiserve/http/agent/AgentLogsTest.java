package io.osgiserve.http.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.osgiserve.config.NodeSettings;
import io.osgiserve.http.testing.FakeNode;
import io.osgiserve.http.testing.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/serve/logs on a real agent: the node's log file, by deployment, bounded, with a cursor to follow. */
class AgentLogsTest {
    private static final String TOKEN = "logs-t0ken";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path log;
    private AgentServer agent;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        log = dir.resolve("karaf.log");
        Files.writeString(log, String.join("\n",
                "10:00:01 | INFO | serve-requests-1 | Mango | replica=MangoStand#k2x9 request_id=aa01 | selling 2 mangos",
                "10:00:02 | INFO | serve-requests-2 | Pear | replica=PearStand#p0p0 request_id=aa02 | selling 1 pear",
                "10:00:03 | INFO | serve-access | request_id=aa03 application=default route=/ deployment=MangoStand replica=- method=POST status=200 latency_ms=1.2",
                "10:00:04 | INFO | serve-controller | Controller | node started",
                "10:00:05 | INFO | serve-requests-1 | Mango | replica=MangoStandX#zz request_id=aa04 | not MangoStand's",
                ""));
        agent = AgentServer.start(AgentSettings.loopback(0, Optional.of(TOKEN)), new FakeNode(), "0.1.0", null,
                NodeSettings.from(Map.of(NodeSettings.LOGS_FILE.key(), log.toString())::get));
        http = new Http(agent.port(), TOKEN);
    }

    @AfterEach
    void stop() {
        agent.stop();
    }

    @Test
    void aDeploymentsLinesAreItsReplicasAndItsAccessLogLines() throws Exception {
        Map<String, Object> page = logs("?deployment=MangoStand");
        assertEquals(List.of(
                "10:00:01 | INFO | serve-requests-1 | Mango | replica=MangoStand#k2x9 request_id=aa01 | selling 2 mangos",
                "10:00:03 | INFO | serve-access | request_id=aa03 application=default route=/ deployment=MangoStand replica=- method=POST status=200 latency_ms=1.2"),
                page.get("lines"));
        assertEquals(5, ((List<?>) logs("").get("lines")).size(), "every line without a deployment");
        assertEquals(List.of("10:00:04 | INFO | serve-controller | Controller | node started",
                "10:00:05 | INFO | serve-requests-1 | Mango | replica=MangoStandX#zz request_id=aa04 | not MangoStand's"),
                logs("?lines=2").get("lines"), "the most recent ones");
    }

    @Test
    void aNameMatchesOnlyWholeReplicaIdsInTheDistributionsLinePattern() throws Exception {
        // the pattern of the distribution's karaf.log: "... | <bundle version> | <replica> <request id> | message"
        Files.writeString(log, String.join("\n",
                "10:00:08 | INFO | serve-requests-1 | Mango | fruit | 1.0.0 | MangoStand#k2x9 ab12 | selling",
                "10:00:09 | INFO | serve-requests-2 | Pear | fruit | 1.0.0 | PearStand#p0p0 ab13 | selling",
                ""), StandardOpenOption.APPEND);
        assertEquals(List.of(), logs("?deployment=Stand").get("lines"), "Stand is inside other names, no replica of its own");
        assertEquals(List.of("10:00:09 | INFO | serve-requests-2 | Pear | fruit | 1.0.0 | PearStand#p0p0 ab13 | selling"),
                ((List<?>) logs("?deployment=PearStand").get("lines")).subList(1, 2));
        assertEquals(200, http.get("/api/serve/logs/?lines=1").statusCode(), "with a trailing slash too");
    }

    @Test
    void aRotatedFileIsReadFromItsStartAndALongBacklogSaysThereIsMore() throws Exception {
        long cursor = ((Number) logs("").get("cursor")).longValue();
        Files.writeString(log, "10:01:00 | INFO | x | y | MangoStand#new1 | after rotation\n");
        Map<String, Object> rotated = logs("?deployment=MangoStand&cursor=" + cursor);
        assertEquals(List.of("10:01:00 | INFO | x | y | MangoStand#new1 | after rotation"), rotated.get("lines"));
        assertEquals(false, rotated.get("more"));

        StringBuilder backlog = new StringBuilder();
        while (backlog.length() < 2 * LogTail.MAX_BYTES) {
            backlog.append("10:01:01 | INFO | x | y | PearStand#p0p0 | ").append("z".repeat(100)).append('\n');
        }
        Files.writeString(log, backlog, StandardOpenOption.APPEND);
        Map<String, Object> page = logs("?deployment=MangoStand&lines=1000&cursor=0");
        assertEquals(true, page.get("more"), "a filtered page can be short while more is waiting");
    }

    @Test
    void aFollowerGetsOnlyLinesWrittenAfterItsCursorAndNotOneStillBeingWritten() throws Exception {
        long cursor = ((Number) logs("?deployment=MangoStand").get("cursor")).longValue();
        Files.writeString(log, "10:00:06 | INFO | x | Mango | replica=MangoStand#k2x9 | one more\n10:00:07 | INFO | half a li",
                StandardOpenOption.APPEND);

        Map<String, Object> next = logs("?deployment=MangoStand&cursor=" + cursor);
        assertEquals(List.of("10:00:06 | INFO | x | Mango | replica=MangoStand#k2x9 | one more"), next.get("lines"));
        long after = ((Number) next.get("cursor")).longValue();
        Files.writeString(log, "ne of MangoStand#k2x9\n", StandardOpenOption.APPEND);
        assertEquals(List.of("10:00:07 | INFO | half a line of MangoStand#k2x9"),
                logs("?deployment=MangoStand&cursor=" + after).get("lines"), "the line once it was whole");
    }

    @Test
    void eachCallIsBoundedInLinesBytesAndLineLength() throws Exception {
        StringBuilder big = new StringBuilder();
        String line = "MangoStand#k2x9 " + "x".repeat(200) + "\n";
        while (big.length() < 3 * LogTail.MAX_BYTES) {
            big.append(line);
        }
        big.append("MangoStand#k2x9 ").append("y".repeat(10_000)).append('\n');
        Files.writeString(log, big, StandardCharsets.UTF_8);

        List<?> recent = (List<?>) logs("?lines=1000").get("lines");
        assertEquals(1000, recent.size());
        String last = (String) recent.get(999);
        assertEquals(LogTail.MAX_LINE_CHARS + 3, last.length(), "a long line is cut");
        assertTrue(last.endsWith("..."), last);

        // following from the start reads at most MAX_BYTES a call, and goes on where it stopped
        Map<String, Object> first = logs("?lines=1000&cursor=0");
        assertEquals(1000, ((List<?>) first.get("lines")).size());
        assertEquals(1000L * line.length(), ((Number) first.get("cursor")).longValue());

        assertEquals(400, http.get("/api/serve/logs?lines=1001").statusCode());
        assertEquals(400, http.get("/api/serve/logs?lines=0").statusCode());
        assertEquals(400, http.get("/api/serve/logs?lines=4294967297").statusCode(), "not cut down to 1");
        assertEquals(400, http.get("/api/serve/logs?cursor=-1").statusCode());
        assertEquals(400, http.get("/api/serve/logs?cursor=x").statusCode());
        assertEquals(400, http.get("/api/serve/logs?deployment=" + "a".repeat(129)).statusCode());
        assertEquals(400, http.get("/api/serve/logs?deployment=a%0Ab").statusCode());
    }

    @Test
    void theLogsNeedTheTokenAndOnlyGetIsAllowed() throws Exception {
        HttpResponse<String> anonymous = new Http(agent.port()).get("/api/serve/logs");
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        HttpResponse<String> delete = http.send(http.request("/api/serve/logs").DELETE());
        assertEquals(405, delete.statusCode());
    }

    @Test
    void aNodeWithoutALogFileSaysWhichSettingToSet() throws Exception {
        AgentServer none = AgentServer.start(AgentSettings.loopback(0, Optional.of(TOKEN)), new FakeNode(), "0.1.0");
        try {
            HttpResponse<String> r = new Http(none.port(), TOKEN).get("/api/serve/logs");
            assertEquals(404, r.statusCode());
            assertTrue(r.body().contains("serve.logs.file"), r.body());
        } finally {
            none.stop();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> logs(String query) throws Exception {
        HttpResponse<String> r = http.get("/api/serve/logs" + query);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readValue(r.body(), Map.class);
    }
}
