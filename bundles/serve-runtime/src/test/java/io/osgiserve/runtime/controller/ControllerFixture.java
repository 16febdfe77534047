package io.osgiserve.runtime.controller;

import io.osgiserve.api.ApplicationGraph;
import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.ImportPath;
import io.osgiserve.config.RuntimeEnv;
import io.osgiserve.runtime.code.Caller;
import io.osgiserve.runtime.replica.Replica;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A controller without a framework, shared by {@code ControllerTest} and the reconcile-pass benchmark
 * (bench/harness, through this module's test jar): replica carriers delivered asynchronously on one
 * thread (as SCR does), code "installed" by naming it and loaded by a function, the goal in memory.
 */
public final class ControllerFixture {
    /** Loads an import path's graph from the "installed" code. */
    public interface Graphs {
        ApplicationGraph load(ImportPath path, Map<String, Object> args) throws DeployFailure;
    }

    private ControllerFixture() {
    }

    /**
     * A controller over {@code carrier} (null: configurations in memory), whose code is named by
     * {@code identity} and loaded by {@code graphs}; each install's caller goes to {@code installs}.
     */
    public static Controller controller(Controller.Settings settings, ExecutorService pool, Executor delivery,
            DeploymentCarrier carrier, GoalStore store, Function<RuntimeEnv, String> identity, Graphs graphs,
            Consumer<Caller> installs) {
        Controller[] self = new Controller[1];
        ReplicaTransport transport = new ReplicaTransport() {
            @Override
            public void create(ReplicaConfig c, Replica replica) {
                delivery.execute(() -> self[0].attach(c));
            }

            @Override
            public void delete(String id) {
                delivery.execute(() -> self[0].detach(id));
            }

            @Override
            public void deleteAll() {
            }
        };
        CodeInstaller installer = new CodeInstaller() {
            @Override
            public InstalledCode install(RuntimeEnv env, Caller caller) {
                installs.accept(caller);
                return new InstalledCode() {
                    @Override
                    public String identity() {
                        return identity.apply(env);
                    }

                    @Override
                    public ApplicationGraph load(ImportPath path) throws DeployFailure {
                        return load(path, Map.of());
                    }

                    @Override
                    public ApplicationGraph load(ImportPath path, Map<String, Object> args) throws DeployFailure {
                        return graphs.load(path, args);
                    }
                };
            }

            @Override
            public void uninstall(InstalledCode code) {
            }
        };
        self[0] = new Controller(settings, installer, transport, carrier, store, pool, pool);
        return self[0];
    }

    /** Node settings for tests: loopback, a port nobody binds, a start timeout of {@code startTimeout}. */
    public static Controller.Settings settings(String nodeId, int maxQueued, Duration startTimeout) {
        return new Controller.Settings(nodeId, "127.0.0.1", 8000, maxQueued, startTimeout);
    }

    /** The goal store in memory. */
    public static final class MemoryStore implements GoalStore {
        private volatile Stored stored;
        private volatile ConfigDocument applied;

        @Override
        public Optional<Stored> load() {
            return Optional.ofNullable(stored);
        }

        @Override
        public void save(ConfigDocument config, double ts, Caller caller) {
            stored = new Stored(config, ts, caller);
        }

        @Override
        public void clear() {
            stored = null;
            applied = null;
        }

        @Override
        public void saveApplied(ConfigDocument config) {
            applied = config;
        }

        @Override
        public Optional<ConfigDocument> loadApplied() {
            return Optional.ofNullable(applied);
        }
    }
}
