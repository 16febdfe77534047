package io.osgiserve.cluster.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last membership this member saw and the largest it has known, kept in the data directory: the
 * addresses let a node rejoin when the member it was told to join is gone, and the largest size keeps
 * the quorum after a restart (a member that comes back alone does not lead a cluster of three).
 */
final class MembershipMemory {
    private static final Logger LOG = Logger.getLogger(MembershipMemory.class.getName());
    private static final int MAX_MEMBERS = 1024;

    private final Path file;
    private int largest;
    private List<String> last;

    MembershipMemory(Path dataDir) {
        this.file = dataDir.resolve("cluster-membership.json");
        int largestRead = 0;
        List<String> lastRead = List.of();
        if (Files.exists(file)) {
            try {
                Map<?, ?> doc = JsonFiles.JSON.readValue(file.toFile(), Map.class);
                if (doc.get("largest") instanceof Number n && n.intValue() > 0 && n.intValue() <= MAX_MEMBERS) {
                    largestRead = n.intValue();
                }
                if (doc.get("members") instanceof List<?> members && members.size() <= MAX_MEMBERS) {
                    lastRead = members.stream().map(String::valueOf).toList();
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot read " + file + "; starting without a remembered membership", e);
            }
        }
        this.largest = largestRead;
        this.last = lastRead;
    }

    synchronized int largest() {
        return largest;
    }

    /** The addresses (host:port) of the last membership seen. */
    synchronized List<String> lastMembers() {
        return last;
    }

    /** Remembers a membership (addresses oldest first); written only when it changed. */
    synchronized void observe(List<String> addresses) {
        int size = Math.max(largest, addresses.size());
        if (size == largest && addresses.equals(last)) {
            return;
        }
        largest = size;
        last = List.copyOf(addresses);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("largest", largest);
        doc.put("members", last);
        try {
            JsonFiles.write(file, doc);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot keep the membership in " + file, e);
        }
    }
}
