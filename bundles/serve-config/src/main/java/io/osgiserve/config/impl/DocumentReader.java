package io.osgiserve.config.impl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.osgiserve.config.ConfigException;
import io.osgiserve.config.Defaults;
import io.osgiserve.config.FieldError;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a YAML or JSON document into the JSON value model, keeping the written order and {@code null}s,
 * within bounds: {@link Defaults#MAX_DOCUMENT_BYTES}, {@link #MAX_ALIASES} aliases, {@link #MAX_DEPTH}
 * levels, {@link #MAX_NODES} values once aliases are expanded. Duplicate keys are reported with their path.
 *
 * <p>Jackson's YAML parser hands an alias over as the anchor's name; this reader resolves it to the
 * anchored value itself (as PyYAML does for Ray; anchors are read on mappings and lists, which Jackson
 * reports, not on single values, which it does not), counting aliases and the values they expand to, so a
 * "billion laughs" document is refused after a few dozen aliases instead of being expanded.
 */
public final class DocumentReader {

    public static final int MAX_ALIASES = 50;
    public static final int MAX_DEPTH = 64;
    public static final int MAX_NODES = 1_000_000;

    private static final String MERGE_KEY = "<<";

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH + 16) // ours fires first, with a path
            .maxStringLength(Defaults.MAX_DOCUMENT_BYTES)
            .maxNumberLength(100)
            .maxNameLength(Defaults.MAX_DOCUMENT_BYTES)
            .build();

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(CONSTRAINTS)
            .build();

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(CONSTRAINTS)
            .build();

    private final JsonParser parser;
    private final boolean yaml;
    private final List<FieldError> errors = new ArrayList<>();
    private final Map<String, Anchored> anchors = new HashMap<>();
    private int aliases;
    private long nodes;

    private record Anchored(Object value, long nodes) {
    }

    /** The tree of a document and the problems found while reading it (duplicate keys). */
    public record Parsed(Map<String, Object> tree, List<FieldError> errors) {
    }

    private DocumentReader(JsonParser parser) {
        this.parser = parser;
        this.yaml = parser instanceof YAMLParser;
    }

    private static LoaderOptions loaderOptions() {
        // Jackson reads SnakeYAML's events, not its composed nodes; these bound SnakeYAML's own work
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH + 16);
        options.setCodePointLimit(Defaults.MAX_DOCUMENT_BYTES);
        // true so that Jackson does not stop at the first duplicate: this reader reports each with its path
        options.setAllowDuplicateKeys(true);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    public static ConfigException tooLarge(long bytes) {
        return new ConfigException("document", "is too large (" + bytes + " bytes); the limit is "
                + Defaults.MAX_DOCUMENT_BYTES + " bytes (1 MiB)");
    }

    /** The charset of a {@code charset=} parameter; an unknown one is an error a user can fix. */
    public static Charset charset(String name) throws ConfigException {
        String unquoted = name.trim().replace("\"", "");
        try {
            return Charset.forName(unquoted);
        } catch (IllegalArgumentException unknown) {
            throw new ConfigException("document", "unsupported charset '" + unquoted + "'; send UTF-8");
        }
    }

    public static Parsed read(byte[] body, boolean json) throws ConfigException {
        if (body.length > Defaults.MAX_DOCUMENT_BYTES) {
            throw tooLarge(body.length);
        }
        try (JsonParser parser = json ? JSON.createParser(body) : YAML.createParser(body)) {
            return new DocumentReader(parser).document(json);
        } catch (IOException e) {
            throw unreadable(e, json);
        }
    }

    public static Parsed read(String text, boolean json) throws ConfigException {
        // a char is at most 3 UTF-8 bytes; count exactly only when it may matter
        if ((long) text.length() * 3 > Defaults.MAX_DOCUMENT_BYTES) {
            long bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > Defaults.MAX_DOCUMENT_BYTES) {
                throw tooLarge(bytes);
            }
        }
        try (JsonParser parser = json ? JSON.createParser(text) : YAML.createParser(text)) {
            return new DocumentReader(parser).document(json);
        } catch (IOException e) {
            throw unreadable(e, json);
        }
    }

    private Parsed document(boolean json) throws IOException, ConfigException {
        JsonToken first;
        Object root;
        try {
            first = parser.nextToken();
            if (first == null) {
                throw new ConfigException("document", "is empty; a config needs at least import_path");
            }
            root = value(first, "", 0);
            if (parser.nextToken() != null) {
                throw new ConfigException("document", json
                        ? "holds more than one JSON value; send one object"
                        : "holds more than one YAML document; send one");
            }
        } catch (YAMLException e) {
            // SnakeYAML's own limits (code points) surface unwrapped
            throw new ConfigException("document", "invalid YAML: " + firstLine(e.getMessage()));
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new ConfigException("document", "must be a mapping of fields (got " + Values.describe(root) + ")");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) root;
        return new Parsed(tree, errors);
    }

    private Object value(JsonToken token, String path, int depth) throws IOException, ConfigException {
        if (yaml && ((YAMLParser) parser).isCurrentAlias()) {
            return alias(path);
        }
        String anchor = yaml ? ((YAMLParser) parser).getObjectId() : null;
        long before = nodes;
        if (++nodes > MAX_NODES) {
            throw new ConfigException("document", "too many values (limit " + MAX_NODES + ")");
        }
        Object value = switch (token) {
            case START_OBJECT -> mapping(path, depth + 1);
            case START_ARRAY -> list(path, depth + 1);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> integer(path);
            case VALUE_NUMBER_FLOAT -> floating(path);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new ConfigException(at(path), "unsupported value (" + token + ")");
        };
        if (anchor != null) {
            anchors.put(anchor, new Anchored(value, nodes - before));
        }
        return value;
    }

    private Object alias(String path) throws IOException, ConfigException {
        if (++aliases > MAX_ALIASES) {
            throw new ConfigException("document", "too many YAML aliases (limit " + MAX_ALIASES + ")");
        }
        String name = parser.getText();
        Anchored anchored = anchors.get(name);
        if (anchored == null) {
            // Jackson reports the anchors of mappings and lists, not of single values
            throw new ConfigException(at(path), "YAML alias '*" + name + "' names no anchored mapping or list"
                    + " defined before it (anchors on single values are not supported)");
        }
        nodes += anchored.nodes();
        if (nodes > MAX_NODES) {
            throw new ConfigException("document", "YAML aliases expand to too many values (limit " + MAX_NODES + ")");
        }
        // values are shared between the places that name them; they are copied before anyone sees them
        return anchored.value();
    }

    private Map<String, Object> mapping(String path, int depth) throws IOException, ConfigException {
        tooDeep(path, depth);
        Map<String, Object> map = new LinkedHashMap<>();
        Set<String> written = new HashSet<>();
        for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
            String key = parser.currentName();
            String child = path.isEmpty() ? key : path + "." + key;
            int line = parser.currentTokenLocation().getLineNr();
            Object value = value(parser.nextToken(), child, depth);
            if (yaml && MERGE_KEY.equals(key)) {
                merge(child, map, written, value);
            } else if (!written.add(key)) {
                errors.add(new FieldError(child, "duplicate key" + (line > 0 ? " at line " + line : "")
                        + "; a mapping may hold each key once"));
            } else {
                map.put(key, value);
            }
        }
        return map;
    }

    /** YAML's merge key: the merged mapping's entries, unless written in this mapping itself. */
    private void merge(String path, Map<String, Object> map, Set<String> written, Object merged)
            throws ConfigException {
        List<?> sources = merged instanceof List<?> list ? list : java.util.Collections.singletonList(merged);
        for (Object source : sources) {
            if (!(source instanceof Map<?, ?> entries)) {
                throw new ConfigException(path, "a YAML merge key takes a mapping or a list of mappings (got "
                        + Values.describe(source) + ")");
            }
            entries.forEach((key, value) -> {
                if (!written.contains(key) && !map.containsKey(key)) {
                    map.put((String) key, value);
                }
            });
        }
    }

    private List<Object> list(String path, int depth) throws IOException, ConfigException {
        tooDeep(path, depth);
        List<Object> list = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            list.add(value(t, path + "[" + list.size() + "]", depth));
        }
        return list;
    }

    private Object integer(String path) throws IOException, ConfigException {
        return switch (parser.getNumberType()) {
            case INT -> parser.getIntValue();
            case LONG -> parser.getLongValue();
            default -> throw new ConfigException(at(path), "number is too large (got " + parser.getText() + ")");
        };
    }

    private Object floating(String path) throws IOException, ConfigException {
        double d = parser.getDoubleValue();
        if (!Double.isFinite(d)) {
            throw new ConfigException(at(path), "must be a finite number (got " + parser.getText() + ")");
        }
        return d;
    }

    private void tooDeep(String path, int depth) throws ConfigException {
        if (depth > MAX_DEPTH) {
            throw new ConfigException(at(path), "nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private static String at(String path) {
        return path.isEmpty() ? "document" : path;
    }

    private static ConfigException unreadable(IOException e, boolean json) {
        String what = json ? "invalid JSON" : "invalid YAML";
        if (e instanceof JsonProcessingException p) {
            JsonLocation where = p.getLocation();
            String line = where != null && where.getLineNr() > 0
                    ? " at line " + where.getLineNr() + ", column " + where.getColumnNr() : "";
            return new ConfigException("document", what + line + ": " + firstLine(p.getOriginalMessage()));
        }
        return new ConfigException("document", what + ": " + firstLine(e.getMessage()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.strip().lines().findFirst().orElse("unreadable");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
