package io.osgiserve.config;

import io.osgiserve.config.impl.ConfigValidator;
import io.osgiserve.config.impl.DocumentReader;
import io.osgiserve.config.impl.DocumentWriter;
import io.osgiserve.config.impl.Values;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A validated config, as the user wrote it, in either {@link ConfigForm}: Ray 2.0's one-application
 * document, or current Ray's multi-application one (told apart by its {@code applications} field). It holds
 * N applications ({@link #applications()}); a 2.0-form document holds one, named
 * {@value Defaults#APP_NAME}. {@link #written()} is the document as written: the fields in the written
 * order, the ones left out still out, {@code null}s kept ({@code GET /api/serve/deployments/} gives it back
 * for the 2.0 form); {@link AppConfig#written()} is one application's part (Ray's
 * {@code deployed_app_config}), and {@link #applicationsYaml()} what {@code serve config} prints.
 *
 * <p>Input is bounded: at most {@link Defaults#MAX_DOCUMENT_BYTES}, few YAML aliases, limited nesting,
 * at most {@link Defaults#MAX_APPLICATIONS} applications, so a hostile document is refused quickly with a
 * message that says why.
 */
public final class ConfigDocument {

    private final ConfigForm form;
    private final Map<String, Object> written;
    private final HttpOptions httpOptions;
    private final List<AppConfig> applications;

    private ConfigDocument(Map<String, Object> written) {
        this.form = ConfigValidator.formOf(written);
        this.written = written;
        List<AppConfig> apps = new ArrayList<>();
        if (form == ConfigForm.SINGLE_APP) {
            AppConfig app = AppConfig.fromValidated(written);
            apps.add(app);
            this.httpOptions = app.httpOptions();
        } else {
            this.httpOptions = HttpOptions.fromValidated(written.get("http_options"));
            List<?> entries = (List<?>) written.get("applications");
            for (int i = 0; i < entries.size(); i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> entry = (Map<String, Object>) entries.get(i);
                apps.add(AppConfig.fromValidated(entry, i, httpOptions));
            }
        }
        this.applications = List.copyOf(apps);
    }

    /**
     * Parses a request body. A JSON content type ({@code application/json}, {@code ...+json}) is read
     * with the JSON parser; anything else (YAML types, none) with the YAML parser, which reads JSON too.
     * A {@code charset} parameter is honoured; without one the encoding is detected (UTF-8 by default).
     */
    public static ConfigDocument parse(byte[] body, String contentType) throws ConfigException {
        return parse(body, contentType, null);
    }

    /**
     * {@link #parse(byte[], String)} for a place that takes one form only (Ray 2.0's API takes the 2.0 form,
     * current Ray's the multi-application form); a document of the other form is refused with one error.
     */
    public static ConfigDocument parse(byte[] body, String contentType, ConfigForm form) throws ConfigException {
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
                : DocumentReader.read(new String(body, charset), json), form);
    }

    /** Parses YAML (or JSON, which is YAML too). */
    public static ConfigDocument parseYaml(String text) throws ConfigException {
        return validated(DocumentReader.read(text, false), null);
    }

    public static ConfigDocument parseJson(String text) throws ConfigException {
        return validated(DocumentReader.read(text, true), null);
    }

    /**
     * The one-application multi-application config of {@code serve deploy IMPORT_PATH [--name N] [k=v ...]}:
     * {@code {applications: [{name: N, import_path: IMPORT_PATH, args: {k: v}}]}}, the name and args left out
     * when not given, validated as a file would be. Each argument is {@code key=value}, split at the first
     * {@code =}; the value is a string.
     *
     * @param name the application's name, or null for the default
     */
    public static ConfigDocument ofImportPath(String importPath, String name, List<String> args) throws ConfigException {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                errors.add(new FieldError("args[" + i + "]", "must be key=value (got '" + arg + "')"));
            } else if (arguments.putIfAbsent(arg.substring(0, eq), arg.substring(eq + 1)) != null) {
                errors.add(new FieldError("args[" + i + "]", "gives '" + arg.substring(0, eq) + "' a second time"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        Map<String, Object> app = new LinkedHashMap<>();
        if (name != null) {
            app.put("name", name);
        }
        app.put("import_path", importPath);
        if (!arguments.isEmpty()) {
            app.put("args", arguments);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("applications", List.of(app));
        return parseJson(DocumentWriter.toJson(doc));
    }

    private static ConfigDocument validated(DocumentReader.Parsed parsed, ConfigForm expected) throws ConfigException {
        ConfigForm form = ConfigValidator.formOf(parsed.tree());
        if (expected != null && form != expected) {
            throw new ConfigException("applications", expected == ConfigForm.SINGLE_APP
                    ? "is the multi-application form, which this place does not take; it takes Ray 2.0's"
                            + " one-application form (import_path, deployments at the top)"
                    : "is required: this place takes the multi-application form (applications: [...]), not Ray"
                            + " 2.0's one-application form");
        }
        List<FieldError> errors = new ArrayList<>(parsed.errors());
        ConfigValidator.validateDocument(parsed.tree(), errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new ConfigDocument(Values.immutableMap(parsed.tree()));
    }

    public ConfigForm form() {
        return form;
    }

    /** The applications, in the written order; one, named {@value Defaults#APP_NAME}, in the 2.0 form. */
    public List<AppConfig> applications() {
        return applications;
    }

    public Optional<AppConfig> application(String name) {
        return applications.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /**
     * The one application: of a 2.0-form document, or of a multi-application one that lists exactly one.
     *
     * @throws IllegalStateException when the document lists none or several (use {@link #applications()})
     */
    public AppConfig config() {
        if (applications.size() != 1) {
            throw new IllegalStateException("the document holds " + applications.size()
                    + " applications; read them through applications()");
        }
        return applications.get(0);
    }

    /** Where the node's ingress listens: {@code http_options}, or a 2.0-form document's host and port. */
    public HttpOptions httpOptions() {
        return httpOptions;
    }

    /** {@code proxy_location}: {@code EveryNode} unless written (the 2.0 form has none). */
    public String proxyLocation() {
        Object location = written.get("proxy_location");
        return form == ConfigForm.MULTI_APP && location != null ? (String) location : Defaults.PROXY_LOCATION;
    }

    /** {@code target_capacity} (0 to 100), empty when not written or null. */
    public Optional<Double> targetCapacity() {
        Object capacity = form == ConfigForm.MULTI_APP ? written.get("target_capacity") : null;
        return Optional.ofNullable(capacity).map(Values::toDouble);
    }

    /**
     * Each application as written, as YAML, joined by {@code ---} lines: what {@code serve config} prints.
     * For the 2.0 form that is {@link #toYaml()}.
     */
    public String applicationsYaml() {
        return applications.stream().map(AppConfig::toYaml).collect(Collectors.joining("---\n"));
    }

    /** The document exactly as written: ordered, JSON types only, {@code null}s kept, immutable. */
    public Map<String, Object> written() {
        return written;
    }

    /** {@link #written()} as compact JSON. */
    public String toJson() {
        return DocumentWriter.toJson(written);
    }

    /** {@link #written()} as block-style YAML, keys in the written order. */
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
