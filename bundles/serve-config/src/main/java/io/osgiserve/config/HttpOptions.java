package io.osgiserve.config;

import io.osgiserve.config.impl.Values;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how the node's HTTP ingress listens: the multi-application form's {@code http_options}, or the
 * {@code host} and {@code port} of a 2.0-form document. Getters give the defaults where nothing is written.
 */
public final class HttpOptions {

    private final Map<String, Object> written;

    private HttpOptions(Map<String, Object> written) {
        this.written = written;
    }

    /** From a validated mapping holding any of {@code host}, {@code port}, {@code root_path}, ... (null: none). */
    @SuppressWarnings("unchecked")
    static HttpOptions fromValidated(Object written) {
        return new HttpOptions(written == null ? Map.of() : (Map<String, Object>) written);
    }

    /** The bind address, {@link Defaults#HOST} unless written. */
    public String host() {
        return written.get("host") == null ? Defaults.HOST : (String) written.get("host");
    }

    /** The port, {@link Defaults#PORT} unless written. */
    public int port() {
        return Values.intOr(written.get("port"), Defaults.PORT);
    }

    /** True when {@code host} was written with a value ({@code host: null} means the default). */
    public boolean hostWritten() {
        return written.get("host") != null;
    }

    /** True when {@code port} was written with a value ({@code port: null} means the default). */
    public boolean portWritten() {
        return written.get("port") != null;
    }

    public String rootPath() {
        return written.get("root_path") == null ? Defaults.ROOT_PATH : (String) written.get("root_path");
    }

    public Optional<Double> requestTimeoutS() {
        return Optional.ofNullable(written.get("request_timeout_s")).map(Values::toDouble);
    }

    public int keepAliveTimeoutS() {
        return Values.intOr(written.get("keep_alive_timeout_s"), Defaults.KEEP_ALIVE_TIMEOUT_S);
    }

    public Optional<String> sslKeyfile() {
        return Optional.ofNullable((String) written.get("ssl_keyfile"));
    }

    public Optional<String> sslCertfile() {
        return Optional.ofNullable((String) written.get("ssl_certfile"));
    }

    public Optional<String> sslKeyfilePassword() {
        return Optional.ofNullable((String) written.get("ssl_keyfile_password"));
    }

    public Optional<String> sslCaCerts() {
        return Optional.ofNullable((String) written.get("ssl_ca_certs"));
    }

    /** The fields as written (for a 2.0-form document: its host and port, when written). */
    public Map<String, Object> written() {
        return written;
    }

    /** Equal when they listen the same way, however that was written. */
    @Override
    public boolean equals(Object other) {
        return other instanceof HttpOptions h && effective().equals(h.effective());
    }

    @Override
    public int hashCode() {
        return effective().hashCode();
    }

    private List<Object> effective() {
        return Arrays.asList(host(), port(), rootPath(), requestTimeoutS(), keepAliveTimeoutS(), sslKeyfile(),
                sslCertfile(), sslKeyfilePassword(), sslCaCerts());
    }

    @Override
    public String toString() {
        return "HttpOptions" + written;
    }
}
