package io.osgiserve.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.osgiserve.api.ApplicationGraph;
import io.osgiserve.config.ImportPath;
import io.osgiserve.config.RuntimeEnv;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CodeJanitorTest {
    private final ReconcileLoop loop = new ReconcileLoop("test-loop", () -> { }, () -> { });
    private final List<InstalledCode> uninstalled = new CopyOnWriteArrayList<>();
    private final CodeInstaller installer = new CodeInstaller() {
        @Override
        public InstalledCode install(RuntimeEnv env, io.osgiserve.runtime.code.Caller caller) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void uninstall(InstalledCode code) {
            uninstalled.add(code);
        }
    };
    private final CodeJanitor janitor = new CodeJanitor(loop, installer, Runnable::run);

    @AfterEach
    void stop() {
        loop.stop();
    }

    @Test
    void codeNothingUsesIsUninstalledOnceAndCodeInUseStays() throws Exception {
        InstalledCode v1 = code("v1");
        InstalledCode v2 = code("v2");
        loop.call(() -> {
            janitor.installed(v1);
            janitor.installed(v2);
            assertThat(janitor.sweep(Set.of(v1, v2))).isEmpty();
            assertThat(janitor.sweep(Set.of(v2))).containsExactly(v1);
            assertThat(janitor.sweep(Set.of(v2))).isEmpty();
            return null;
        });
        assertThat(uninstalled).containsExactly(v1);
    }

    private static InstalledCode code(String id) {
        return new InstalledCode() {
            @Override
            public String identity() {
                return id;
            }

            @Override
            public ApplicationGraph load(ImportPath path) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
