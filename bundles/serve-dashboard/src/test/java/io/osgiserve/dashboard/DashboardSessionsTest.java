package io.osgiserve.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DashboardSessionsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-29T12:00:00Z"));
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };
    private final DashboardSessions sessions =
            new DashboardSessions(DashboardSessions.sameAs("s3cret-token"), Duration.ofHours(12), 3, clock);

    private static String cookieOf(String setCookie) {
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void theRightTokenBuysAnHttpOnlyStrictCookieThatAdmitsReads() {
        String setCookie = sessions.signIn("s3cret-token", false).orElseThrow();
        assertTrue(setCookie.matches("serve_session=[A-Za-z0-9_-]{43}; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict"), setCookie);
        assertTrue(sessions.admits("GET", "theme=dark; " + cookieOf(setCookie)));
        assertTrue(sessions.admits("HEAD", cookieOf(setCookie)));
        assertTrue(sessions.signIn("s3cret-token", true).orElseThrow().endsWith("; Secure"), "over HTTPS the cookie is Secure");
    }

    @Test
    void aSessionNeverAdmitsAChange() {
        String cookie = cookieOf(sessions.signIn("s3cret-token", false).orElseThrow());
        for (String method : new String[] {"PUT", "POST", "DELETE", "PATCH", "get"}) {
            assertFalse(sessions.admits(method, cookie), method);
        }
    }

    @Test
    void aWrongTokenBuysNothing() {
        assertTrue(sessions.signIn("s3cret-tokeN", false).isEmpty());
        assertTrue(sessions.signIn("", false).isEmpty());
        assertTrue(sessions.signIn(null, false).isEmpty());
        assertTrue(sessions.signIn("s3cret-token" + "x".repeat(5000), false).isEmpty());
        assertEquals(0, sessions.size());
    }

    @Test
    void forgedMissingOrOversizedCookiesAdmitNothing() {
        sessions.signIn("s3cret-token", false).orElseThrow();
        assertFalse(sessions.admits("GET", null));
        assertFalse(sessions.admits("GET", ""));
        assertFalse(sessions.admits("GET", "serve_session=" + "A".repeat(43)));
        assertFalse(sessions.admits("GET", "serve_session=s3cret-token"));
        assertFalse(sessions.admits("GET", "x=" + "y".repeat(20_000)));
    }

    @Test
    void aSessionEndsAfterItsLifetimeAndOnSignOut() {
        String first = cookieOf(sessions.signIn("s3cret-token", false).orElseThrow());
        now.set(now.get().plus(Duration.ofHours(12)));
        assertFalse(sessions.admits("GET", first), "expired");

        String second = cookieOf(sessions.signIn("s3cret-token", false).orElseThrow());
        assertNotEquals(first, second);
        assertEquals("serve_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict", sessions.signOut(second));
        assertFalse(sessions.admits("GET", second), "signed out");
    }

    @Test
    void beyondTheLimitTheOldestSessionGoes() {
        String oldest = cookieOf(sessions.signIn("s3cret-token", false).orElseThrow());
        String second = cookieOf(sessions.signIn("s3cret-token", false).orElseThrow());
        sessions.signIn("s3cret-token", false).orElseThrow();
        sessions.signIn("s3cret-token", false).orElseThrow();
        assertEquals(3, sessions.size());
        assertFalse(sessions.admits("GET", oldest));
        assertTrue(sessions.admits("GET", second));
    }
}
