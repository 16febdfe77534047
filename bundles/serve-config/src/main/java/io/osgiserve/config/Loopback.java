package io.osgiserve.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The one rule for "this host name stays on this machine", used for bind addresses, the agent's
 * {@code Host} check and the CLI alike. Only literal names count: {@code localhost}, an IPv4 address in
 * 127.0.0.0/8, or {@code ::1}. Nothing is looked up in DNS, since a name an attacker controls may resolve to
 * 127.0.0.1 (DNS rebinding).
 */
public final class Loopback {

    private Loopback() {
    }

    /** @param host a name or address, with or without IPv6 brackets, without a port */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.equals("localhost") || isIpv4Loopback(h) || isIpv6Loopback(h);
    }

    private static boolean isIpv4Loopback(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return parts[0].equals("127");
    }

    private static boolean isIpv6Loopback(String h) {
        // a literal of hex digits and colons only: InetAddress parses it without a DNS lookup
        if (!h.contains(":") || !h.chars().allMatch(c -> c == ':' || Character.digit(c, 16) >= 0)) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
