package io.osgiserve.runtime.code;

import java.net.InetAddress;

/** Where a deploy came from: a caller beyond loopback may name {@code file:} URIs only under the allowed roots. */
public enum Caller {
    LOOPBACK,
    REMOTE;

    public static Caller of(InetAddress address) {
        return address != null && address.isLoopbackAddress() ? LOOPBACK : REMOTE;
    }
}
