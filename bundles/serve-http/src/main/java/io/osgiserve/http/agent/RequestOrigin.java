package io.osgiserve.http.agent;

import io.osgiserve.config.Loopback;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.HostPort;

/**
 * Against DNS rebinding and cross-site requests: the {@code Host} must be a loopback name or address or one
 * of the names the node was given, and a request that changes something and carries an {@code Origin}
 * must come from the agent's own origin. A browser page of another site can then neither read the agent
 * (its Host is the attacker's name) nor send it a deploy (its Origin is the attacker's).
 */
final class RequestOrigin {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final List<String> hostNames;

    /** @param hostNames names (or addresses) the agent answers besides loopback ones */
    RequestOrigin(List<String> hostNames) {
        this.hostNames = hostNames.stream().map(RequestOrigin::bare).toList();
    }

    /** Why the request is refused, in one line; empty when it may go on. */
    Optional<String> refusal(Request request) {
        String hostHeader = request.getHeaders().get(HttpHeader.HOST);
        if (hostHeader == null || hostHeader.isBlank()) {
            return Optional.of("the agent answers only requests that name it in a Host header");
        }
        String host;
        try {
            host = bare(new HostPort(hostHeader.trim()).getHost());
        } catch (IllegalArgumentException e) {
            return Optional.of("the Host header '" + printable(hostHeader) + "' is not a host name");
        }
        if (!Loopback.isLoopback(host) && !hostNames.contains(host)) {
            return Optional.of("the agent does not answer to the host name '" + printable(host)
                    + "'; a loopback name does, or add it with serve start --agent-host-names");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && !SAFE_METHODS.contains(request.getMethod())) {
            String own = request.getHttpURI().getScheme() + "://" + hostHeader.trim();
            if (!sameOrigin(origin.trim(), own)) {
                return Optional.of("a " + request.getMethod() + " from the web page of another origin ('"
                        + printable(origin) + "') is refused");
            }
        }
        return Optional.empty();
    }

    private static boolean sameOrigin(String origin, String own) {
        return withDefaultPort(origin).equals(withDefaultPort(own));
    }

    /** {@code scheme://host:port}, lower case, the scheme's default port written out. */
    private static String withDefaultPort(String origin) {
        String o = origin.toLowerCase(Locale.ROOT);
        int colon = o.indexOf("://");
        if (colon < 0) {
            return o;
        }
        String scheme = o.substring(0, colon);
        String authority = o.substring(colon + 3);
        boolean hasPort = authority.lastIndexOf(':') > authority.lastIndexOf(']');
        if (!hasPort) {
            authority += scheme.equals("https") ? ":443" : ":80";
        }
        return scheme + "://" + authority;
    }

    private static String bare(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** At most 100 printable ASCII characters, so a hostile header cannot shape the answer or the log. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 100; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '\'' ? c : '?');
        }
        return out.toString();
    }
}
