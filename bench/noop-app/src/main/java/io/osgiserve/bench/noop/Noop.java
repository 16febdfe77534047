package io.osgiserve.bench.noop;

import io.osgiserve.api.DeploymentHandle;
import io.osgiserve.api.HttpRequest;
import java.util.Map;

/**
 * A deployment that does nothing: {@code call} answers the two bytes {@code ok} (text/plain, as the raw
 * Jetty baseline does), {@code reconfigure} keeps the user_config. The handle it may be bound to only
 * makes the deployments one graph; it is never called.
 */
public final class Noop {
    private final DeploymentHandle next;
    private volatile Map<String, Object> config = Map.of();

    public Noop() {
        this(null);
    }

    public Noop(DeploymentHandle next) {
        this.next = next;
    }

    public void reconfigure(Map<String, Object> userConfig) {
        this.config = userConfig;
    }

    public String call(HttpRequest request) {
        return "ok";
    }

    /** The DAGDriver path's counterpart of NoopRest's quote: a unit price of 3. */
    public int quote(String fruit, int amount) {
        return amount * 3;
    }

    /** For a look from a handle: the user_config this replica applied last. */
    public Map<String, Object> config() {
        return config;
    }

    /** True when this deployment is bound to another (the chain's links), for the same reason. */
    public boolean linked() {
        return next != null;
    }
}
