package io.osgiserve.rest.impl;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * The URIs Jersey matches and builds links from: {@code <scheme>://<host><route prefix>/} as the base
 * (the scheme the client used, so links behind HTTPS say https), the path below it (re-encoded: the
 * ingress hands it decoded) and the raw query.
 */
final class RequestUris {
    /** Longest Host header taken; a longer or malformed one is replaced by localhost. */
    static final int MAX_HOST = 255;
    private static final String PATH_SAFE = "-._~!$&'()*+,;=:@/";

    private RequestUris() {
    }

    static URI base(String scheme, String host, String routePrefix) {
        String prefix = routePrefix == null || routePrefix.equals("/") ? "" : routePrefix;
        String s = "https".equals(scheme) ? "https" : "http";
        return URI.create(s + "://" + authority(host) + encode(prefix) + "/");
    }

    static URI request(URI base, String path, String query) {
        String below = path.startsWith("/") ? path.substring(1) : path;
        String uri = base + encode(below);
        if (query != null && !query.isEmpty()) {
            uri += "?" + query;
        }
        try {
            return new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the request's query is not a valid URI query: " + e.getReason());
        }
    }

    private static String authority(String host) {
        if (host == null || host.isEmpty() || host.length() > MAX_HOST) {
            return "localhost";
        }
        try {
            URI parsed = new URI("http://" + host + "/");
            return parsed.getHost() == null || parsed.getUserInfo() != null ? "localhost" : parsed.getRawAuthority();
        } catch (URISyntaxException e) {
            return "localhost";
        }
    }

    /** True when {@code query} is empty or may stand in a URI as it is (else Jersey answers 400). */
    static boolean validQuery(String query) {
        if (query == null || query.isEmpty()) {
            return true;
        }
        try {
            new URI("http://localhost/?" + query);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Percent-encodes what may not stand in a URI path as it is (a '%' included: the path is decoded). */
    static String encode(String path) {
        if (plain(path)) {
            return path;
        }
        StringBuilder b = new StringBuilder(path.length() + 8);
        for (byte raw : path.getBytes(StandardCharsets.UTF_8)) {
            int c = raw & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || PATH_SAFE.indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    private static boolean plain(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || PATH_SAFE.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }
}
