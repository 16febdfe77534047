package io.osgiserve.cli.verbs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.ConfigException;
import io.osgiserve.config.FieldError;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A config file on disk (or made from an import path), read and validated by the same code the agent runs, so that a bad file is
 * refused before anything is sent.
 */
public record ConfigFile(Path path, byte[] bytes, String contentType, ConfigDocument document) {

    public static final String YAML = "application/yaml";
    public static final String JSON = "application/json";

    /**
     * Reads and validates {@code path}.
     *
     * @throws UserError naming the file and, for an invalid config, every field error, one a line
     */
    public static ConfigFile read(Path path) {
        byte[] bytes = bytes(path);
        String contentType = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
        try {
            return new ConfigFile(path, bytes, contentType, ConfigDocument.parse(bytes, contentType));
        } catch (ConfigException e) {
            throw new UserError(describe(path.toString(), e));
        }
    }

    /**
     * The config {@code serve run IMPORT_PATH} deploys: {@code {"import_path": ..., "runtime_env": {}}},
     * validated like a file.
     */
    public static ConfigFile ofImportPath(String importPath) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("import_path", importPath);
        config.put("runtime_env", Map.of());
        byte[] bytes;
        try {
            bytes = new ObjectMapper().writeValueAsBytes(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            return new ConfigFile(null, bytes, JSON, ConfigDocument.parse(bytes, JSON));
        } catch (ConfigException e) {
            throw new UserError(describe(importPath, e));
        }
    }

    /**
     * The config of {@code serve deploy IMPORT_PATH [--name N] [k=v ...]}: one application in the
     * multi-application form, with {@code args} (values are text), validated like a file.
     *
     * @param name the application's name, or null for the default
     */
    public static ConfigFile ofImportPath(String importPath, String name, java.util.List<String> args) {
        try {
            ConfigDocument doc = ConfigDocument.ofImportPath(importPath, name, args);
            return new ConfigFile(null, doc.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8), JSON, doc);
        } catch (ConfigException e) {
            throw new UserError(describe(importPath, e));
        }
    }

    /**
     * What {@code serve deploy TARGET} means: a config file when {@code target} is one or names one (a path,
     * or a .yaml/.yml/.json name), else an import path, as Ray's CLI decides.
     */
    public static boolean namesAFile(String target) {
        return namesAFile(Path.of(""), target);
    }

    /** {@link #namesAFile(String)} with relative paths resolved against {@code base} (the shell's directory). */
    public static boolean namesAFile(Path base, String target) {
        String lower = target.toLowerCase(Locale.ROOT);
        return Files.exists(base.resolve(target)) || target.contains("/") || target.contains(java.io.File.separator)
                || lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json");
    }

    /**
     * The config {@code serve deploy TARGET [--name N] [k=v ...]} sends, for the command line and the shell alike:
     * the file {@code target} (relative to {@code base}), or one application made from the import path.
     *
     * @throws UserError for a name or args given with a file, or an invalid config
     */
    public static ConfigFile forDeploy(Path base, String target, String name, java.util.List<String> args) {
        if (!namesAFile(base, target)) {
            return ofImportPath(target, name, args);
        }
        if (!args.isEmpty() || name != null) {
            throw new UserError("--name and KEY=VALUE args go with an import path, not with a config file"
                    + " (write name and args in the file)");
        }
        return read(base.resolve(target));
    }

    /** One line per field error: {@code <source>: <field>: <problem>}. */
    public static String describe(String source, ConfigException e) {
        return e.errors().stream()
                .map(FieldError::toString)
                .map(line -> source + ": " + line)
                .collect(Collectors.joining(System.lineSeparator()));
    }

    private static byte[] bytes(Path path) {
        if (Files.isDirectory(path)) {
            throw new UserError(path + " is a directory; give the path of a config file (YAML or JSON).");
        }
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new UserError("No such file: " + path, e);
        } catch (AccessDeniedException e) {
            throw new UserError("Cannot read " + path + ": permission denied.", e);
        } catch (IOException e) {
            throw new UserError("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
