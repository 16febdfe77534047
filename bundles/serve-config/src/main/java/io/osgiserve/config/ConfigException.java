package io.osgiserve.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config that cannot be used, with every problem found in it (never only the first). */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<FieldError> errors;

    public ConfigException(List<FieldError> errors) {
        super(render(errors), null, false, false);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public ConfigException(String path, String message) {
        this(List.of(new FieldError(path, message)));
    }

    /** Every problem, in document order. */
    public List<FieldError> errors() {
        return errors;
    }

    private static String render(List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).collect(Collectors.joining("\n"));
    }
}
