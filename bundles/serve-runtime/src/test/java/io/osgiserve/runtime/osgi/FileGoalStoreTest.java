package io.osgiserve.runtime.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osgiserve.config.ConfigDocument;
import io.osgiserve.runtime.code.Caller;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stored goal keeps where its deploy came from, so a restart fetches its code with the same file: policy. */
class FileGoalStoreTest {
    @TempDir
    Path dir;

    @Test
    void aRemoteGoalIsStillRemoteWhenReadBack() throws Exception {
        ConfigDocument doc = ConfigDocument.parseYaml("import_path: fruit:deployment_graph\n");
        new FileGoalStore(dir).save(doc, 12.5, Caller.REMOTE);

        GoalStoreRead read = read();
        assertEquals(Caller.REMOTE, read.caller);
        assertEquals(doc, read.doc);

        new FileGoalStore(dir).save(doc, 13, Caller.LOOPBACK);
        assertEquals(Caller.LOOPBACK, read().caller);
    }

    @Test
    void aGoalStoredBeforeCallersWereKeptIsLoopbackAndAnUnknownCallerIsRemote() throws Exception {
        Files.writeString(dir.resolve("goal.json"),
                "{\"deployment_timestamp\": 1, \"config\": {\"import_path\": \"fruit:deployment_graph\"}}");
        assertEquals(Caller.LOOPBACK, read().caller, "what every deploy counted as before");

        Files.writeString(dir.resolve("goal.json"),
                "{\"deployment_timestamp\": 1, \"caller\": \"SOMEWHERE\", \"config\": {\"import_path\": \"a:b\"}}");
        assertEquals(Caller.REMOTE, read().caller, "an edited or damaged value gets the narrower policy");
    }

    private GoalStoreRead read() {
        var stored = new FileGoalStore(dir).load().orElseThrow();
        return new GoalStoreRead(stored.config(), stored.caller());
    }

    private record GoalStoreRead(ConfigDocument doc, Caller caller) {
    }
}
