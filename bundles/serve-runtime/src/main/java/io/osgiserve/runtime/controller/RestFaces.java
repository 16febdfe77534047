package io.osgiserve.runtime.controller;

import io.osgiserve.rest.RestIngress;
import io.osgiserve.runtime.replica.HttpFace;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The Jakarta REST faces of one deployment: one {@link RestIngress} per version whose class is a
 * resource, shared by that version's replicas, built on the first replica's start (off the loop) and
 * closed once the version's last replica is gone. Used on the reconcile loop only.
 */
final class RestFaces {
    private final Map<Long, Face> byVersion = new HashMap<>();

    /** The face for a replica of {@code spec}, or null when its class is no REST resource. */
    Face acquire(DeploymentSpec spec, String replicaId) {
        Class<?> type = spec.node().deployment().type();
        if (!RestIngress.isResource(type)) {
            return null;
        }
        Face face = byVersion.computeIfAbsent(spec.version(), v -> new Face(type, spec.routePrefix()));
        face.replicas.add(replicaId);
        return face;
    }

    /** The replica is gone: the last one of a version closes the version's ingress. */
    void release(DeploymentSpec spec, String replicaId) {
        Face face = byVersion.get(spec.version());
        if (face != null && face.replicas.remove(replicaId) && face.replicas.isEmpty()) {
            byVersion.remove(spec.version());
            face.close();
        }
    }

    /** Stops every version's application at once (the controller stops): requests in flight finish, later ones fail. */
    void closeAll() {
        byVersion.values().forEach(Face::close);
        byVersion.clear();
    }

    /**
     * The application's {@code docs_path}: the docs page of its first routed REST deployment, relative to
     * the application's route prefix as Ray's FastAPI {@code docs_url} is; null when no deployment is REST.
     */
    static String docsPath(String appPrefix, Collection<ReplicaSet> sets) {
        for (ReplicaSet s : sets) {
            DeploymentSpec spec = s.spec();
            String prefix = spec == null ? null : spec.routePrefix();
            if (prefix != null && RestIngress.isResource(spec.node().deployment().type())) {
                String docs = (prefix.equals("/") ? "" : prefix) + RestIngress.DOCS_PATH;
                String app = appPrefix == null || appPrefix.equals("/") ? "" : appPrefix;
                return !app.isEmpty() && docs.startsWith(app + "/") ? docs.substring(app.length()) : docs;
            }
        }
        return null;
    }

    /** One version's ingress, built when a replica first needs it. */
    static final class Face implements HttpFace {
        private final Class<?> type;
        private final String prefix;
        private final Set<String> replicas = new HashSet<>();
        // written under this, read without it: every request reads it, and it changes twice per version
        private volatile RestIngress ingress;
        private boolean closed; // guarded by this

        Face(Class<?> type, String prefix) {
            this.type = type;
            this.prefix = prefix == null ? "/" : prefix;
        }

        /** Builds the Jersey application (a resource Jersey rejects fails the replica's start, naming the class). */
        synchronized void build() {
            if (ingress == null && !closed) {
                ingress = RestIngress.build(type);
            }
        }

        @Override
        public java.util.concurrent.CompletionStage<?> answer(Object instance, io.osgiserve.api.HttpRequest request) {
            RestIngress in = ingress;
            if (in == null) {
                throw new IllegalStateException("the REST application of " + type.getName() + " is closed");
            }
            return in.handle(instance, prefix, request);
        }

        synchronized void close() {
            closed = true;
            if (ingress != null) {
                ingress.close();
                ingress = null;
            }
        }
    }
}
