package io.osgiserve.http.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/** {@code Authorization: Bearer <token>}, as the serve CLI and current Ray's clients send it; compared in constant time. */
final class BearerToken implements AgentAuthentication {

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    BearerToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether an Authorization header's value is of the Bearer scheme (in any case, as RFC 9110 has it). */
    static boolean isBearer(String authorization) {
        return authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    @Override
    public boolean admits(Request request) {
        String given = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (given == null || !isBearer(given)) {
            return false;
        }
        byte[] presented = given.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, presented);
    }
}
