package io.osgiserve.runtime.controller;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

/** What one replica's configuration says: who it is, which code and which user_config version. */
public record ReplicaConfig(String replicaId, String app, String deployment, String codeVersion, long configVersion,
        String userConfigJson) {

    static final String ID = "serve.replica.id";
    static final String APP = "serve.app";
    static final String DEPLOYMENT = "serve.deployment";
    static final String CODE = "serve.code.version";
    static final String VERSION = "serve.config.version";
    static final String USER_CONFIG = "serve.user_config";

    public ReplicaConfig withUserConfig(long version, String json) {
        return new ReplicaConfig(replicaId, app, deployment, codeVersion, version, json);
    }

    public Dictionary<String, Object> toProperties() {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(ID, replicaId);
        p.put(APP, app);
        p.put(DEPLOYMENT, deployment);
        p.put(CODE, codeVersion);
        p.put(VERSION, configVersion);
        if (userConfigJson != null) {
            p.put(USER_CONFIG, userConfigJson);
        }
        return p;
    }

    public static ReplicaConfig fromProperties(Map<String, ?> p) {
        Object version = p.get(VERSION);
        return new ReplicaConfig((String) p.get(ID), (String) p.get(APP), (String) p.get(DEPLOYMENT),
                (String) p.get(CODE), version instanceof Number n ? n.longValue() : -1L,
                (String) p.get(USER_CONFIG));
    }
}
