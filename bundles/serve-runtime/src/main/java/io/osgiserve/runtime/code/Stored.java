package io.osgiserve.runtime.code;

import java.nio.file.Path;

/** Bytes stored in the {@link CodeCache}: the file, the SHA-256 it is named by, its size. */
record Stored(Path file, String digest, long size) {
}
