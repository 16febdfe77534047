package io.osgiserve.runtime.controller;

import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.ConfigException;
import io.osgiserve.config.Defaults;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Each deployment's configuration, as the node writes it and as operators edit it. A pass writes a
 * deployment's effective options when they changed or the configuration was deleted by hand; each
 * write carries a mark, and what the node wrote under each recent mark is remembered. The node's last
 * write coming back (through the deployment's DS component, {@code @Modified}) is what applies a new
 * user_config to the replicas; an older write coming back changes nothing. Anything else is an
 * operator's edit: the changed options go into the goal's entry for that deployment and are deployed
 * (which writes the configuration again, and that write applies them); an invalid edit is reverted
 * and named.
 * Loop thread only; writes go out on the I/O executor.
 */
final class DeploymentConfigurations {
    private static final Logger LOG = Logger.getLogger(DeploymentConfigurations.class.getName());
    private static final int MARKS_KEPT = 16;
    private static final java.time.Duration RETRY = java.time.Duration.ofSeconds(1);

    private final ReconcileLoop loop;
    private final String app;
    private final DeploymentCarrier carrier;
    private final Executor io;
    /** Deploys a config (on the I/O executor); answers null, or why the node refused it. */
    private final Function<ConfigDocument, String> deploy;
    private final EventHistory events;
    /** Per deployment: the options the node last wrote. */
    private final Map<String, Map<String, String>> carried = new HashMap<>();
    /** Per deployment: the spec those options came from (a pass skips specs it already wrote). */
    private final Map<String, DeploymentSpec> carriedSpecs = new HashMap<>();
    /** Per deployment: what the node wrote under each of its recent marks. */
    private final Map<String, LinkedHashMap<Long, Map<String, String>>> ownWrites = new HashMap<>();
    private long marks;

    DeploymentConfigurations(ReconcileLoop loop, String app, DeploymentCarrier carrier, Executor io,
            EventHistory events, Function<ConfigDocument, String> deploy) {
        this.events = events;
        this.loop = loop;
        this.app = app;
        this.carrier = carrier;
        this.io = io;
        this.deploy = deploy;
    }

    /** Level-triggered: each of {@code names} has its configuration, holding its effective options. */
    void carry(List<String> names, Map<String, ReplicaSet> sets) {
        loop.assertOnLoop();
        for (String name : names) {
            ReplicaSet s = sets.get(name);
            if (s == null || s.spec() == null || (s.spec() == carriedSpecs.get(name) && carried.containsKey(name))) {
                continue; // written for this very spec, and not deleted since
            }
            carriedSpecs.put(name, s.spec());
            Map<String, String> content = DeploymentProperties.content(s.spec().options());
            if (!content.equals(carried.get(name)) || s.awaitingUserConfig()) {
                write(name, content); // a user_config waiting for its configuration gets a write of its own
            }
        }
    }

    /** The deployment is gone: so is its configuration. */
    void forget(String name) {
        loop.assertOnLoop();
        carried.remove(name);
        carriedSpecs.remove(name);
        ownWrites.remove(name);
        io.execute(() -> carrier.delete(app, name));
    }

    void forgetAll() {
        for (String name : List.copyOf(carried.keySet())) {
            forget(name);
        }
    }

    /** The configuration was deleted (by hand, or by the node): the next pass writes it again if still wanted. */
    void removed(String name) {
        loop.assertOnLoop();
        carried.remove(name);
    }

    /** A configuration arrived from ConfigAdmin: the node's own write, or an operator's edit of {@code goal}. */
    void arrived(Map<String, Object> properties, ConfigDocument goal, Map<String, ReplicaSet> sets) {
        loop.assertOnLoop();
        String[] key = DeploymentProperties.key(properties);
        if (key == null || !app.equals(key[0])) {
            return;
        }
        String name = key[1];
        Map<String, String> ours = carried.get(name);
        if (ours == null || !sets.containsKey(name)) {
            return; // not written by this run yet: the node's own write follows and replaces it
        }
        Map<String, String> content = DeploymentProperties.content(properties);
        if (content.equals(ours)) {
            // what the node last wrote: its user_config goes to the replicas (the one path of a user_config change)
            sets.get(name).userConfigArrived(content.get("user_config"));
            return;
        }
        Map<String, String> mine = ownWrites.getOrDefault(name, new LinkedHashMap<>())
                .get(DeploymentProperties.generation(properties));
        if (content.equals(mine)) {
            return; // an older write of the node's, overtaken by a newer one on its way
        }
        String pid = carrier.pid(app, name);
        try {
            ConfigDocument next = edited(goal, app, name, ours, content);
            if (next == null) {
                return;
            }
            LOG.info("the configuration " + pid + " was edited: deploying the edit");
            io.execute(() -> {
                String refused = deploy.apply(next);
                if (refused != null) {
                    loop.post(() -> refuse(name, pid, refused, sets));
                } else {
                    loop.post(() -> events.record(app, name, null, EventHistory.Kind.CONFIG_EDIT, "an edit of the configuration " + pid + " was deployed"));
                }
            });
        } catch (ConfigException | IllegalArgumentException e) {
            refuse(name, pid, e.getMessage().replaceAll("\\s*\\n\\s*", "; "), sets);
        }
    }

    /** An invalid edit: the node's configuration goes back, and the log and the deployment's message say why. */
    private void refuse(String name, String pid, String reason, Map<String, ReplicaSet> sets) {
        String line = "an edit of the configuration " + pid + " was refused and reverted: " + reason;
        LOG.warning(line);
        events.record(app, name, null, EventHistory.Kind.CONFIG_REVERTED, line);
        ReplicaSet set = sets.get(name);
        if (set != null) {
            set.note(line);
        }
        Map<String, String> ours = carried.get(name);
        if (ours != null) {
            write(name, ours);
        }
    }

    private void write(String name, Map<String, String> content) {
        carried.put(name, content);
        long mark = ++marks;
        LinkedHashMap<Long, Map<String, String>> mine = ownWrites.computeIfAbsent(name, n -> new LinkedHashMap<>());
        mine.put(mark, content);
        while (mine.size() > MARKS_KEPT) {
            mine.remove(mine.keySet().iterator().next());
        }
        Map<String, Object> properties = DeploymentProperties.properties(app, name, content, mark);
        io.execute(() -> {
            try {
                carrier.write(app, name, properties);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot write the configuration of deployment " + name + "; trying again in 1 s", e);
                loop.postLater(RETRY, () -> {
                    if (carried.get(name) == content) {
                        carried.remove(name); // the next pass writes it again
                    }
                });
            }
        });
    }

    /** {@code doc} with the options the operator changed written into the deployment's entry; null when none changed. */
    @SuppressWarnings("unchecked")
    static ConfigDocument edited(ConfigDocument doc, String name, Map<String, String> ours, Map<String, String> edit)
            throws ConfigException {
        return edited(doc, Defaults.APP_NAME, name, ours, edit);
    }

    /** The same, for the deployment {@code name} of application {@code app} (of either form). */
    static ConfigDocument edited(ConfigDocument doc, String app, String name, Map<String, String> ours,
            Map<String, String> edit) throws ConfigException {
        Map<String, Object> changed = new LinkedHashMap<>();
        edit.forEach((k, v) -> {
            if (!v.equals(ours.get(k))) {
                changed.put(k, DeploymentProperties.parse(k, v));
            }
        });
        if (changed.isEmpty()) {
            return null;
        }
        Map<String, Object> written = UserConfigs.copy(doc.written());
        Map<String, Object> application = written;
        if (written.get("applications") instanceof List<?> list) {
            application = null;
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && app.equals(m.get("name") == null ? Defaults.APP_NAME
                        : m.get("name"))) {
                    application = (Map<String, Object>) m;
                }
            }
            if (application == null) {
                return null; // the application is no longer in the goal
            }
        }
        List<Object> deployments = (List<Object>) application.computeIfAbsent("deployments", k -> new ArrayList<>());
        Map<String, Object> entry = null;
        for (Object o : deployments) {
            if (o instanceof Map<?, ?> m && name.equals(m.get("name"))) {
                entry = (Map<String, Object>) m;
            }
        }
        if (entry == null) {
            entry = new LinkedHashMap<>();
            entry.put("name", name);
            deployments.add(entry);
        }
        entry.putAll(changed);
        return ConfigDocument.parseJson(UserConfigs.toJson(written));
    }
}
