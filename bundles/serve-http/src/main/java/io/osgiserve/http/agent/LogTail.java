package io.osgiserve.http.agent;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The recent lines of the node's log file, for {@code serve logs}: bounded per call in bytes read
 * ({@link #MAX_BYTES}), lines returned ({@link #MAX_LINES}) and line length ({@link #MAX_LINE_CHARS}),
 * whatever the file's size. A cursor (a byte offset) lets a follower read only what came after; a file
 * shorter than the cursor was rotated, and is read from its start.
 */
final class LogTail {
    /** Bytes read from the file in one call at most. */
    static final int MAX_BYTES = 1 << 20;
    /** Lines one call returns at most. */
    static final int MAX_LINES = 1000;
    /** A longer line is cut, with "..." at its end. */
    static final int MAX_LINE_CHARS = 4096;
    /** A deployment name a filter accepts: a name of the config, never a pattern. */
    static final int MAX_NAME = 128;

    /** Lines, the cursor to read on from, and whether the file holds more after it (read again at once). */
    record Page(List<String> lines, long cursor, boolean more) {
    }

    private final Path file;

    LogTail(Path file) {
        this.file = file;
    }

    /** The file's path. */
    Path file() {
        return file;
    }

    /**
     * Reads lines of {@code deployment} (all lines when null): with {@code cursor} null the last
     * {@code maxLines} of the file's last {@link #MAX_BYTES}; else those after the cursor (up to
     * {@link #MAX_BYTES} of them, the next call going on from there).
     */
    Page read(String deployment, Long cursor, int maxLines) throws IOException {
        lines(maxLines);
        if (cursor != null && cursor < 0) {
            throw new IllegalArgumentException("cursor must be 0 or more (got " + cursor + ")");
        }
        if (deployment != null) {
            checkName(deployment);
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long size = in.length();
            long from = cursor == null ? Math.max(0, size - MAX_BYTES) : cursor > size ? 0 : cursor;
            int length = (int) Math.min(MAX_BYTES, size - from);
            byte[] bytes = new byte[length];
            in.seek(from);
            in.readFully(bytes);
            int start = 0;
            if (cursor == null && from > 0) {
                start = indexOf(bytes, 0) + 1; // the first line began before what was read
            }
            int end = lastIndexOf(bytes) + 1; // a line still being written is read next time
            if (end == 0 && length == MAX_BYTES) {
                end = length; // one line longer than a call reads: skipped, or a follower would stay on it
            }
            ArrayDeque<String> lines = new ArrayDeque<>();
            int lineStart = start;
            for (int i = start; i < end; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                if (deployment == null || mentions(line, deployment)) {
                    if (cursor != null && lines.size() == maxLines) {
                        return new Page(List.copyOf(lines), from + lineStart, true); // the next call goes on from this line
                    }
                    lines.addLast(cut(line));
                    if (lines.size() > maxLines) {
                        lines.removeFirst(); // the most recent ones
                    }
                }
                lineStart = i + 1;
            }
            long next = from + Math.max(end, start);
            return new Page(List.copyOf(lines), next, cursor != null && size - from > length); // not read to the end
        } catch (java.io.FileNotFoundException e) {
            return new Page(List.of(), 0, false);
        }
    }

    /** How many lines a call may ask for: 1 to {@link #MAX_LINES} (checked before any narrowing). */
    static int lines(long asked) {
        if (asked < 1 || asked > MAX_LINES) {
            throw new IllegalArgumentException("lines must be from 1 to " + MAX_LINES + " (got " + asked + ")");
        }
        return (int) asked;
    }

    /**
     * A line of the deployment: a replica id of it ("Name#...", the MDC and messages) not inside a longer
     * name ({@code Stand} is not {@code MangoStand}), or the access log's field.
     */
    static boolean mentions(String line, String deployment) {
        if (line.contains("deployment=" + deployment + " ")) {
            return true;
        }
        String id = deployment + "#";
        for (int at = line.indexOf(id); at >= 0; at = line.indexOf(id, at + 1)) {
            if (at == 0 || !partOfName(line.charAt(at - 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean partOfName(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    static void checkName(String deployment) {
        if (deployment.isEmpty() || deployment.length() > MAX_NAME || !deployment.chars().allMatch(c -> c > ' ' && c != 127)) {
            throw new IllegalArgumentException("deployment must be a deployment's name (1 to " + MAX_NAME
                    + " characters, no spaces or control characters)");
        }
    }

    private static String cut(String line) {
        String clean = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        return clean.length() <= MAX_LINE_CHARS ? clean : clean.substring(0, MAX_LINE_CHARS) + "...";
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return bytes.length - 1;
    }

    private static int lastIndexOf(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The node's log file: the setting, else Karaf's own ({@code karaf.log}/karaf.log), else none. */
    static Optional<LogTail> of(String setting, String karafLogDir) {
        if (setting != null && !setting.isBlank()) {
            return Optional.of(new LogTail(Path.of(setting.trim())));
        }
        if (karafLogDir != null && !karafLogDir.isBlank()) {
            return Optional.of(new LogTail(Path.of(karafLogDir, "karaf.log")));
        }
        return Optional.empty();
    }
}
