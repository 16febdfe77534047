package io.osgiserve.cluster.impl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster's name and join secret, both derived from the cluster token (HMAC-SHA-256 keyed by it): a
 * member started without the token has another name and secret, and the members refuse its join. Neither
 * is the token, which never leaves the node.
 */
record ClusterIdentity(String clusterName, String joinSecret) {
    static final int MIN_TOKEN_LENGTH = io.osgiserve.config.NodeToken.CLUSTER_MIN_LENGTH;

    static ClusterIdentity of(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the cluster needs the agent token (serve.cluster.token or agent.token in the data directory)");
        }
        if (token.strip().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the cluster token is too short: at least " + MIN_TOKEN_LENGTH + " characters");
        }
        byte[] key = token.strip().getBytes(StandardCharsets.UTF_8);
        return new ClusterIdentity("serve-" + hmac(key, "osgi-serve cluster name").substring(0, 24),
                hmac(key, "osgi-serve cluster join"));
    }

    private static String hmac(byte[] key, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java 17", e);
        }
    }
}
