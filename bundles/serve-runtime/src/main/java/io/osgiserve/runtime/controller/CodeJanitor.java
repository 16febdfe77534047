package io.osgiserve.runtime.controller;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Code clean-up: remembers the code the node installed and uninstalls what no replica (running or
 * retiring) and no wanted version uses any more. Uninstalling is I/O: it runs on the code executor,
 * after any install queued before it.
 */
final class CodeJanitor {
    private final ReconcileLoop loop;
    private final CodeInstaller installer;
    private final Executor codeExecutor;
    private final Set<InstalledCode> installed = new LinkedHashSet<>();

    CodeJanitor(ReconcileLoop loop, CodeInstaller installer, Executor codeExecutor) {
        this.loop = loop;
        this.installer = installer;
        this.codeExecutor = codeExecutor;
    }

    void installed(InstalledCode code) {
        loop.assertOnLoop();
        installed.add(code);
    }

    /** Uninstalls every installed code not in {@code inUse}; returns what it uninstalls. */
    List<InstalledCode> sweep(Collection<InstalledCode> inUse) {
        loop.assertOnLoop();
        List<InstalledCode> unused = new ArrayList<>();
        for (InstalledCode c : installed) {
            if (!inUse.contains(c)) {
                unused.add(c);
            }
        }
        installed.removeAll(unused);
        for (InstalledCode c : unused) {
            codeExecutor.execute(() -> installer.uninstall(c));
        }
        return unused;
    }
}
