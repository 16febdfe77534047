package io.osgiserve.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** serve logs [DEPLOYMENT] [-f] [--tail N] against an agent's GET /api/serve/logs. */
class LogsCommandTest {
    private FakeAgent agent;

    @BeforeEach
    void startAgent() throws IOException {
        agent = new FakeAgent();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    @Test
    void logsOfADeploymentPrintsTheLinesTheAgentSends() {
        agent.answer("GET", "/api/serve/logs", 200,
                "{\"lines\": [\"replica MangoStand#k2x9 of MangoStand is running\", \"x MangoStand#k2x9 y\"], \"cursor\": 120}");

        Serve.Result r = Serve.cli().run("logs", "MangoStand", "--tail", "20", "-a", agent.address());

        assertEquals(0, r.exit(), r.err());
        assertEquals("replica MangoStand#k2x9 of MangoStand is running\nx MangoStand#k2x9 y\n", r.out().replace("\r\n", "\n"));
        assertEquals("lines=20&deployment=MangoStand", agent.requests("GET", "/api/serve/logs").get(0).query());
    }

    @Test
    void followAsksForWhatCameAfterTheCursorUntilInterrupted() throws Exception {
        agent.answer("GET", "/api/serve/logs", 200,
                "{\"lines\": [\"first\"], \"cursor\": 10}",
                "{\"lines\": [\"second\"], \"cursor\": 25}",
                "{\"lines\": [], \"cursor\": 25}");
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine(Serve.cli().environment());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        int[] exit = {-1};
        Thread follower = new Thread(() -> exit[0] = cli.execute("logs", "-f", "-a", agent.address()));
        follower.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> agent.requests("GET", "/api/serve/logs").size() >= 3);
        } finally {
            follower.interrupt();
            follower.join(10_000);
        }
        assertEquals(0, exit[0], "interrupted, -f ends quietly");
        assertTrue(out.toString().startsWith("first" + System.lineSeparator() + "second" + System.lineSeparator()), out.toString());
        List<String> queries = agent.requests("GET", "/api/serve/logs").stream().map(FakeAgent.Request::query).toList();
        assertEquals("lines=100", queries.get(0));
        assertEquals("lines=1000&cursor=10", queries.get(1));
        assertEquals("lines=1000&cursor=25", queries.get(2));
    }

    @Test
    void tooManyLinesIsTheAgentsOneLineSayingTheBound() {
        agent.answer("GET", "/api/serve/logs", 400, "{\"error\": \"lines must be from 1 to 1000 (got 1001)\"}");
        Serve.Result r = Serve.cli().run("logs", "--tail", "1001", "-a", agent.address());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("lines must be from 1 to 1000 (got 1001)"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
