package io.osgiserve.cluster.impl;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A JSON file replaced by an atomic rename: after a crash it holds the old content or the new, never a mix. */
final class JsonFiles {
    static final ObjectMapper JSON = new ObjectMapper();

    private JsonFiles() {
    }

    static void write(Path target, Object doc) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), doc);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
