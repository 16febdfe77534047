package io.osgiserve.itests.apps;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.api.ReplicaContext;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records its lifecycle annotations' calls and its requests, each as {@code <what>:<replica id>}, in order. */
public final class AnnotatedStand {
    public static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    private final String replicaId;

    /** Not for the node: the @Inject constructor is the one it must use. */
    public AnnotatedStand() {
        throw new IllegalStateException("the node called the constructor that is not marked @Inject");
    }

    @Inject
    public AnnotatedStand(ReplicaContext context) {
        this.replicaId = context.replicaId();
    }

    @PostConstruct
    public void open() {
        EVENTS.add("post:" + replicaId);
    }

    @PreDestroy
    public void shut() {
        EVENTS.add("pre:" + replicaId);
    }

    public String call(HttpRequest request) {
        EVENTS.add("call:" + replicaId);
        return replicaId;
    }
}
