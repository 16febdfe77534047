package io.osgiserve.runtime.controller;

import java.util.Hashtable;
import java.util.Map;

/**
 * Who a replica is and which code it runs: the properties of its component instance. It never
 * changes: a replacement is a new replica.
 */
public record ReplicaConfig(String replicaId, String app, String deployment, String codeVersion) {

    static final String ID = "serve.replica.id";
    static final String APP = "serve.app";
    static final String DEPLOYMENT = "serve.deployment";
    static final String CODE = "serve.code.version";

    public Hashtable<String, Object> toProperties() {
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
