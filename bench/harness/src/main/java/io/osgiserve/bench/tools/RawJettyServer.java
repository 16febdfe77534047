package io.osgiserve.bench.tools;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The ingress benchmark's baseline: Jetty 12 core with one handler answering what the no-op deployment
 * answers through the ingress (200, {@code text/plain; charset=utf-8}, {@code ok}), with the ingress's
 * own server settings (200 threads, Jetty's default acceptors and selectors, HTTP/1.1, no Server header).
 * Usage: {@code RawJettyServer PORT [HOST]}; it runs until killed.
 */
public final class RawJettyServer {
    private static final HttpField TEXT = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);

    private RawJettyServer() {
    }

    public static void main(String[] argv) throws Exception {
        int port = Integer.parseInt(argv[0]);
        String host = argv.length > 1 ? argv[1] : "127.0.0.1";
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("raw-jetty");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, -1, -1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                response.getHeaders().put(TEXT);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, OK.length);
                response.write(true, ByteBuffer.wrap(OK), callback);
                return true;
            }
        });
        server.start();
        System.out.println("raw jetty listening on http://" + host + ":" + connector.getLocalPort());
        server.join();
    }
}
