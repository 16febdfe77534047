package io.osgiserve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShutdownCommandTest {
    static final String QUESTION = "Are you sure you want to shut down the application? [y/N] ";

    FakeAgent agent;

    @BeforeEach
    void startAgent() throws IOException {
        agent = new FakeAgent();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    @Test
    void answeringYesDeletesTheApplication() {
        Serve.Result result = Serve.cli().stdin("y\n").run("shutdown", "-a", agent.address());

        assertEquals(0, result.exit(), result.err());
        assertEquals(QUESTION + "Sent delete request successfully!\n", result.out());
        assertEquals(1, agent.requests("DELETE", "/api/serve/applications/").size());
    }

    @Test
    void answeringNoOrNothingDeletesNothingAndExitsNonZeroAsAnAbort() {
        for (String answer : new String[] {"n\n", "\n", ""}) {
            Serve.Result result = Serve.cli().stdin(answer).run("shutdown", "-a", agent.address());

            assertEquals(1, result.exit(), result.err());
            assertEquals(QUESTION + "Shutdown cancelled.\n", result.out());
        }
        assertEquals(0, agent.requests("DELETE", "/api/serve/applications/").size());
    }

    @Test
    void anAgentWithoutTheV2ApiGetsV1sDelete() {
        agent.answer("DELETE", "/api/serve/applications/", 405, "");

        Serve.Result result = Serve.cli().run("shutdown", "-y", "-a", agent.address());

        assertEquals(0, result.exit(), result.err());
        assertEquals(1, agent.requests("DELETE", "/api/serve/deployments/").size());
    }

    @Test
    void yesSkipsTheQuestion() {
        Serve.Result result = Serve.cli().run("shutdown", "-y", "-a", agent.address());

        assertEquals(0, result.exit(), result.err());
        assertEquals("Sent delete request successfully!\n", result.out());
        assertEquals(1, agent.requests("DELETE", "/api/serve/applications/").size());
    }
}
