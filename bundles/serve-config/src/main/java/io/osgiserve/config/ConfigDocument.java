package io.osgiserve.config;

import io.osgiserve.config.impl.ConfigValidator;
import io.osgiserve.config.impl.DocumentReader;
import io.osgiserve.config.impl.DocumentWriter;
import io.osgiserve.config.impl.Values;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A validated application config, as the user wrote it. {@link #written()} is what {@code serve config}
 * and {@code GET /api/serve/deployments/} give back: the fields in the written order, the ones left out
 * still out, {@code null}s kept. {@link #config()} is the typed view with the defaults.
 *
 * <p>Input is bounded: at most {@link Defaults#MAX_DOCUMENT_BYTES}, few YAML aliases, limited nesting,
 * so a hostile document is refused quickly with a message that says why.
 */
public final class ConfigDocument {

    private final Map<String, Object> written;
    private final AppConfig config;

    private ConfigDocument(Map<String, Object> written) {
        this.written = written;
        this.config = AppConfig.fromValidated(written);
    }

    /**
     * Parses a request body. A JSON content type ({@code application/json}, {@code ...+json}) is read
     * with the JSON parser; anything else (YAML types, none) with the YAML parser, which reads JSON too.
     * A {@code charset} parameter is honoured; without one the encoding is detected (UTF-8 by default).
     */
    public static ConfigDocument parse(byte[] body, String contentType) throws ConfigException {
        if (body.length > Defaults.MAX_DOCUMENT_BYTES) {
            throw DocumentReader.tooLarge(body.length);
        }
        boolean json = false;
        Charset charset = null;
        if (contentType != null) {
            String[] parts = contentType.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            json = type.equals("application/json") || type.endsWith("+json") || type.equals("text/json");
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                if (parameter.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    charset = DocumentReader.charset(parameter.substring("charset=".length()));
                }
            }
        }
        return validated(charset == null
                ? DocumentReader.read(body, json)
                : DocumentReader.read(new String(body, charset), json));
    }

    /** Parses YAML (or JSON, which is YAML too). */
    public static ConfigDocument parseYaml(String text) throws ConfigException {
        return validated(DocumentReader.read(text, false));
    }

    public static ConfigDocument parseJson(String text) throws ConfigException {
        return validated(DocumentReader.read(text, true));
    }

    private static ConfigDocument validated(DocumentReader.Parsed parsed) throws ConfigException {
        List<FieldError> errors = new ArrayList<>(parsed.errors());
        ConfigValidator.validateApp(parsed.tree(), errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new ConfigDocument(Values.immutableMap(parsed.tree()));
    }

    /** The typed view, defaults filled in. */
    public AppConfig config() {
        return config;
    }

    /** The document exactly as written: ordered, JSON types only, {@code null}s kept, immutable. */
    public Map<String, Object> written() {
        return written;
    }

    /** {@link #written()} as compact JSON. */
    public String toJson() {
        return DocumentWriter.toJson(written);
    }

    /** {@link #written()} as block-style YAML, keys in the written order (as {@code serve config} prints). */
    public String toYaml() {
        return DocumentWriter.toYaml(written);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigDocument d && written.equals(d.written);
    }

    @Override
    public int hashCode() {
        return written.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
