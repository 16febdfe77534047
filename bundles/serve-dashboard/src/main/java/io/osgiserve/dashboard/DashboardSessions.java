package io.osgiserve.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Sign-in for the dashboard: the agent's token, presented once, buys a session whose id travels in an
 * {@code HttpOnly; SameSite=Strict} cookie, so the page's script never holds the token and another
 * site cannot make a browser use the session.
 *
 * <p>The agent's own check calls {@link #admits}: a session admits reads only ({@code GET} and
 * {@code HEAD}), so everything that changes the node still needs the token itself. Sessions are
 * kept in memory (a node restart signs everybody out), at most {@code max} at once (a new one pushes
 * the oldest out), each for {@code ttl}.
 */
public final class DashboardSessions {

    /** The cookie's name. */
    public static final String COOKIE = "serve_session";
    /** The longest Cookie header looked at; a longer one admits nothing. */
    static final int MAX_COOKIE_HEADER = 8 * 1024;
    /** The longest token taken at sign-in. */
    public static final int MAX_TOKEN = 1024;

    private static final int ID_BYTES = 32;
    private static final int ID_CHARS = 43; // 32 bytes in unpadded base64url

    private final Predicate<String> tokenCheck;
    private final Duration ttl;
    private final int max;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Session id -> when it ends, oldest first. */
    private final LinkedHashMap<String, Instant> sessions = new LinkedHashMap<>();

    /**
     * @param tokenCheck whether a presented token is the agent's (the agent's own comparison, in constant time)
     * @param ttl how long a session lasts
     * @param max how many sessions are kept at once
     */
    public DashboardSessions(Predicate<String> tokenCheck, Duration ttl, int max, Clock clock) {
        if (ttl.isNegative() || ttl.isZero() || max < 1) {
            throw new IllegalArgumentException("a session needs a positive lifetime and room for at least one");
        }
        this.tokenCheck = tokenCheck;
        this.ttl = ttl;
        this.max = max;
        this.clock = clock;
    }

    /** Checks a token against the agent's, in constant time: the comparison for a node that holds its token as text. */
    public static Predicate<String> sameAs(String token) {
        byte[] expected = token.getBytes(StandardCharsets.UTF_8);
        return presented -> presented != null
                && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Signs in: the session cookie to set when {@code token} is the agent's, empty otherwise.
     *
     * @param secure whether the agent is reached over HTTPS (the cookie then says {@code Secure})
     * @return the whole {@code Set-Cookie} value
     */
    public Optional<String> signIn(String token, boolean secure) {
        if (token == null || token.length() > MAX_TOKEN || !tokenCheck.test(token.strip())) {
            return Optional.empty();
        }
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        synchronized (sessions) {
            dropExpired(clock.instant());
            while (sessions.size() >= max) {
                Iterator<String> oldest = sessions.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            sessions.put(id, clock.instant().plus(ttl));
        }
        return Optional.of(COOKIE + "=" + id + "; Path=/; Max-Age=" + ttl.toSeconds() + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : ""));
    }

    /** Ends the session the Cookie header names, if any; returns the {@code Set-Cookie} value that clears it. */
    public String signOut(String cookieHeader) {
        sessionId(cookieHeader).ifPresent(id -> {
            synchronized (sessions) {
                sessions.remove(id);
            }
        });
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";
    }

    /**
     * Whether a request with this method and Cookie header is let in by a session: a read
     * ({@code GET}, {@code HEAD}) carrying the id of a live session.
     */
    public boolean admits(String method, String cookieHeader) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        Optional<String> id = sessionId(cookieHeader);
        if (id.isEmpty()) {
            return false;
        }
        synchronized (sessions) {
            Instant ends = sessions.get(id.get());
            if (ends == null) {
                return false;
            }
            if (!clock.instant().isBefore(ends)) {
                sessions.remove(id.get());
                return false;
            }
            return true;
        }
    }

    /** How many sessions are live (for tests and the log). */
    public int size() {
        synchronized (sessions) {
            dropExpired(clock.instant());
            return sessions.size();
        }
    }

    private void dropExpired(Instant now) {
        sessions.values().removeIf(ends -> !now.isBefore(ends));
    }

    /** The session id in a Cookie header: {@code serve_session=<43 base64url characters>}, nothing else. */
    static Optional<String> sessionId(String cookieHeader) {
        if (cookieHeader == null || cookieHeader.length() > MAX_COOKIE_HEADER) {
            return Optional.empty();
        }
        for (String pair : cookieHeader.split(";")) {
            String trimmed = pair.strip();
            if (trimmed.startsWith(COOKIE + "=")) {
                String id = trimmed.substring(COOKIE.length() + 1);
                if (id.length() == ID_CHARS && id.chars().allMatch(DashboardSessions::isBase64Url)) {
                    return Optional.of(id);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isBase64Url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
