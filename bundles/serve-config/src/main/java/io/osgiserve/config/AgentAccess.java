package io.osgiserve.config;

import java.util.Optional;

/**
 * Who may reach a node's agent, decided from its settings in one place, so that {@code serve start}
 * refuses exactly what the agent itself would refuse, with the same one-line reason.
 */
public final class AgentAccess {

    private AgentAccess() {
    }

    /** Whether the agent asks for a token. */
    public static boolean tokenRequired(NodeSettings settings) {
        return settings.flag(NodeSettings.AGENT_AUTH);
    }

    /** Whether the agent serves HTTPS (a PEM pair or a PKCS#12 key store is set). */
    public static boolean tls(NodeSettings settings) {
        return !settings.text(NodeSettings.AGENT_TLS_KEYSTORE).isEmpty()
                || !settings.text(NodeSettings.AGENT_TLS_CERTFILE).isEmpty()
                || !settings.text(NodeSettings.AGENT_TLS_KEYFILE).isEmpty();
    }

    /** Why the agent must not start with these settings, in one line; empty when it may. */
    public static Optional<String> refusal(NodeSettings settings) {
        String host = settings.text(NodeSettings.AGENT_HOST);
        boolean certificate = !settings.text(NodeSettings.AGENT_TLS_CERTFILE).isEmpty();
        boolean key = !settings.text(NodeSettings.AGENT_TLS_KEYFILE).isEmpty();
        if (certificate != key) {
            return Optional.of("serve agent: HTTPS needs both a certificate and its key (--agent-tls-certfile and"
                    + " --agent-tls-keyfile, or " + NodeSettings.AGENT_TLS_CERTFILE.key() + " and "
                    + NodeSettings.AGENT_TLS_KEYFILE.key() + ")");
        }
        if (Loopback.isLoopback(host)) {
            return Optional.empty();
        }
        if (!tokenRequired(settings)) {
            return Optional.of("serve agent: refusing to listen on " + host + " without a token: --no-auth ("
                    + NodeSettings.AGENT_AUTH.key() + "=false) is for loopback only; keep --agent-host 127.0.0.1");
        }
        if (!tls(settings) && !settings.flag(NodeSettings.AGENT_INSECURE)) {
            return Optional.of("serve agent: refusing to listen on " + host + " over plain HTTP, where the token"
                    + " travels in clear: give it a certificate (--agent-tls-certfile FILE --agent-tls-keyfile FILE),"
                    + " or pass --insecure (" + NodeSettings.AGENT_INSECURE.key() + "=true)");
        }
        return Optional.empty();
    }
}
