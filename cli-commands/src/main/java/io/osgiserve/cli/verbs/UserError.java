package io.osgiserve.cli.verbs;

import java.util.List;

/**
 * Something the user can fix, told in their terms. The message is one line, or one line per problem
 * when a config has several. {@link #context()} holds lines worth showing before it (the end of a
 * node's log when the node died), empty for most errors.
 */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> context;

    public UserError(String message) {
        this(message, null, List.of());
    }

    public UserError(String message, Throwable cause) {
        this(message, cause, List.of());
    }

    public UserError(String message, Throwable cause, List<String> context) {
        super(message, cause);
        this.context = List.copyOf(context);
    }

    public List<String> context() {
        return context;
    }
}
