package io.osgiserve.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {
    @TempDir
    Path dir;

    @Test
    void componentsStartingAtOnceReadOneId() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                Path data = Files.createDirectories(dir.resolve("r" + round));
                Callable<String> read = () -> NodeIdentity.nodeId(key -> null, data);
                List<Future<String>> ids = pool.invokeAll(List.of(read, read, read, read, read, read, read, read));
                Set<String> distinct = new HashSet<>();
                for (Future<String> id : ids) {
                    distinct.add(id.get());
                }
                assertEquals(1, distinct.size());
                assertEquals(distinct.iterator().next(), Files.readString(data.resolve("node_id")).trim());
                try (var files = Files.list(data)) {
                    assertEquals(List.of(data.resolve("node_id")), files.toList()); // no temporary file left
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keptAcrossStartsAndOverriddenBySetting() {
        String first = NodeIdentity.nodeId(key -> null, dir);
        assertEquals(first, NodeIdentity.nodeId(key -> null, dir));
        assertEquals("head-1", NodeIdentity.nodeId(Map.of("serve.node.id", " head-1 ")::get, dir));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> NodeIdentity.nodeId(Map.of("serve.node.id", "a/b")::get, dir));
        assertTrue(bad.getMessage().startsWith("serve.node.id:"), bad.getMessage());
    }

    @Test
    void dataDirFollowsServeDataDirThenKarafData() {
        assertEquals(dir.resolve("x"), NodeIdentity.dataDir(Map.of("serve.data.dir", dir.resolve("x").toString())::get, () -> dir));
        assertTrue(Files.isDirectory(dir.resolve("x")));
        assertEquals(dir.resolve("serve"), NodeIdentity.dataDir(Map.of("karaf.data", dir.toString())::get, () -> dir.resolve("none")));
        assertEquals(dir.resolve("fallback"), NodeIdentity.dataDir(key -> null, () -> dir.resolve("fallback")));
    }
}
