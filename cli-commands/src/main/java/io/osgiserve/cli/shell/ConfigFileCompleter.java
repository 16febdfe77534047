package io.osgiserve.cli.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** Completes directories and config files (.yaml, .yml, .json) for {@code serve:deploy}. */
@Service
public class ConfigFileCompleter extends FileCompleter {
    @Override
    protected boolean accept(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return super.accept(path) && (Files.isDirectory(path) || name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
    }
}
