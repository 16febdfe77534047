package io.osgiserve.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * One problem of a config, at the field where it is: {@code deployments[1].route_prefix},
 * {@code runtime_env.working_dir}, or {@code document} for the document as a whole.
 */
public record FieldError(String path, String message) implements Serializable {

    public FieldError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
