package io.osgiserve.http.agent;

import io.osgiserve.http.testing.FakeNode;
import io.osgiserve.http.testing.Http;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real agent on a free loopback port in front of a {@link FakeNode}, started before each test and stopped
 * after it: {@code @RegisterExtension final LiveAgent agent = new LiveAgent("token");}.
 */
final class LiveAgent implements BeforeEachCallback, AfterEachCallback {

    private final String token;
    private final FakeNode node = new FakeNode();
    private AgentServer server;
    private Http http;

    public LiveAgent(String token) {
        this.token = token;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        server = AgentServer.start(AgentSettings.loopback(0, Optional.of(token)), node, "0.1.0");
        http = new Http(server.port(), token);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.stop();
    }

    /** The node behind the agent (its goal, what it was asked). */
    public FakeNode node() {
        return node;
    }

    /** A client sending the agent's token. */
    public Http http() {
        return http;
    }

    public int port() {
        return server.port();
    }
}
