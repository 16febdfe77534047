package io.osgiserve.runtime.controller;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

/**
 * What one replica's configuration says: who it is and which code it runs. It never changes: a
 * replacement is a new configuration, and user_config goes from the controller to the replica directly.
 */
public record ReplicaConfig(String replicaId, String app, String deployment, String codeVersion) {

    static final String ID = "serve.replica.id";
    static final String APP = "serve.app";
    static final String DEPLOYMENT = "serve.deployment";
    static final String CODE = "serve.code.version";

    public Dictionary<String, Object> toProperties() {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(ID, replicaId);
        p.put(APP, app);
        p.put(DEPLOYMENT, deployment);
        p.put(CODE, codeVersion);
        return p;
    }

    public static ReplicaConfig fromProperties(Map<String, ?> p) {
        return new ReplicaConfig((String) p.get(ID), (String) p.get(APP), (String) p.get(DEPLOYMENT),
                (String) p.get(CODE));
    }
}
