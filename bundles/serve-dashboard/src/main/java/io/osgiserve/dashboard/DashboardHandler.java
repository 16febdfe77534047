package io.osgiserve.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the dashboard under {@code /dashboard/}: its three files (read from this bundle once, kept in
 * memory, so no request ever names a file) and the sign-in endpoint {@code /dashboard/session}
 * ({@code POST} the token as the body to sign in, {@code DELETE} to sign out). Takes no other path
 * ({@code handle} returns false).
 *
 * <p>The files hold no data, so they need no sign-in: the page asks the agent for data with the
 * session cookie and shows the sign-in form when the agent answers 401. The agent mounts this handler
 * before its token check.
 */
public final class DashboardHandler extends Handler.Abstract {

    /** The path prefix it answers. */
    public static final String PATH = "/dashboard";

    private record Asset(String type, byte[] body) {}

    private static final Map<String, Asset> ASSETS = Map.of(
            "/dashboard/", asset("index.html", "text/html; charset=utf-8"),
            "/dashboard/dashboard.js", asset("dashboard.js", "text/javascript; charset=utf-8"),
            "/dashboard/dashboard.css", asset("dashboard.css", "text/css; charset=utf-8"));

    // The page loads only its own files and talks only to its own origin; nobody may frame it.
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
            + " img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final DashboardSessions sessions;

    public DashboardHandler(DashboardSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.equals(PATH) && !path.startsWith(PATH + "/")) {
            return false;
        }
        String method = request.getMethod();
        if (path.equals(PATH)) {
            response.getHeaders().put(HttpHeader.LOCATION, PATH + "/");
            send(response, callback, 302, "text/plain; charset=utf-8", new byte[0]);
            return true;
        }
        if (path.equals(PATH + "/session")) {
            session(request, response, callback, method);
            return true;
        }
        Asset asset = ASSETS.get(path);
        if (asset == null) {
            send(response, callback, 404, "text/plain; charset=utf-8", bytes("no dashboard file at " + path + "\n"));
        } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            send(response, callback, 405, "text/plain; charset=utf-8", bytes(method + " is not allowed here; use GET\n"));
        } else {
            send(response, callback, 200, asset.type(), "HEAD".equals(method) ? new byte[0] : asset.body());
        }
        return true;
    }

    private void session(Request request, Response response, Callback callback, String method) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        switch (method) {
            case "POST" -> {
                String token = readToken(request);
                if (token == null) {
                    send(response, callback, 413, "text/plain; charset=utf-8",
                            bytes("the token is over " + DashboardSessions.MAX_TOKEN + " bytes\n"));
                    return;
                }
                boolean secure = request.isSecure();
                sessions.signIn(token, secure).ifPresentOrElse(cookie -> {
                    response.getHeaders().put(HttpHeader.SET_COOKIE, cookie);
                    send(response, callback, 204, null, new byte[0]);
                }, () -> send(response, callback, 401, "text/plain; charset=utf-8",
                        bytes("that is not this node's token\n")));
            }
            case "DELETE" -> {
                response.getHeaders().put(HttpHeader.SET_COOKIE,
                        sessions.signOut(request.getHeaders().get(HttpHeader.COOKIE)));
                send(response, callback, 204, null, new byte[0]);
            }
            default -> {
                response.getHeaders().put(HttpHeader.ALLOW, "POST, DELETE");
                send(response, callback, 405, "text/plain; charset=utf-8", bytes(method + " is not allowed here; use POST\n"));
            }
        }
    }

    /** The body as text, or null when it is over {@link DashboardSessions#MAX_TOKEN} bytes or unreadable. */
    private static String readToken(Request request) {
        if (request.getLength() > DashboardSessions.MAX_TOKEN) {
            return null;
        }
        try {
            return new String(Content.Source.asByteArrayAsync(request, DashboardSessions.MAX_TOKEN).get(), StandardCharsets.UTF_8);
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        if (type != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        }
        response.getHeaders().put("Content-Security-Policy", POLICY);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Asset asset(String name, String type) {
        try (InputStream in = DashboardHandler.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks dashboard/" + name);
            }
            return new Asset(type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
