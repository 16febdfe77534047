package io.osgiserve.runtime.controller;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deployment configurations in memory, for a controller without a framework: each write is handed
 * to the host at once (the host only posts an event to its loop, so it arrives later, as from ConfigAdmin).
 */
final class MemoryCarrier implements DeploymentCarrier {
    private final Map<String, Map<String, Object>> configurations = new ConcurrentHashMap<>();
    private final DeploymentHost host;

    MemoryCarrier(DeploymentHost host) {
        this.host = host;
    }

    @Override
    public void write(String app, String deployment, Map<String, Object> properties) {
        configurations.put(pid(app, deployment), Map.copyOf(properties));
        host.configured(properties);
    }

    @Override
    public void delete(String app, String deployment) {
        if (configurations.remove(pid(app, deployment)) != null) {
            host.removed(app, deployment);
        }
    }

    @Override
    public void deleteAll() {
        configurations.clear();
    }

    @Override
    public String pid(String app, String deployment) {
        return "serve.deployment~" + app + "." + deployment;
    }
}
