package io.osgiserve.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The application over real HTTP: a config without host and port is served on the node's
 * serve.http.host and serve.http.port (a free port this build reserved), and closed on shutdown.
 */
class IngressHttpTest extends NodeTestSupport {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void deployedGraphAnswersOverHttpAndShutdownClosesThePort() throws Exception {
        deploy(Configs.parseYaml(Configs.fruitYaml()));
        awaitRunning();

        HttpResponse<String> mango = post("[\"MANGO\", 2]");
        assertEquals(200, mango.statusCode(), () -> "POST / answered " + mango.statusCode() + ": " + mango.body());
        assertEquals("6", mango.body().trim());

        node().shutdown();

        await("the ingress port to refuse connections after shutdown").atMost(DEPLOY_TIMEOUT)
                .until(this::portRefusesConnections);
    }

    private boolean portRefusesConnections() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 1000);
            return false;
        } catch (ConnectException refused) {
            return true;
        }
    }

    private int port() {
        return Integer.parseInt(context.getProperty("serve.http.port"));
    }

    private HttpResponse<String> post(String json) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port() + "/");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
