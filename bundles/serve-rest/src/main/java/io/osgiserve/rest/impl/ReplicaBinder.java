package io.osgiserve.rest.impl;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.function.Supplier;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.process.internal.RequestScoped;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * Makes Jersey take the resource instance from the request (the replica the router chose) instead of
 * constructing one: the resource class is bound to a request-scoped supplier reading a request property.
 */
final class ReplicaBinder extends AbstractBinder {
    static final String REPLICA_PROPERTY = "io.osgiserve.rest.replica";

    private final Class<?> resourceClass;

    ReplicaBinder(Class<?> resourceClass) {
        this.resourceClass = resourceClass;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected void configure() {
        bindFactory((Class) ReplicaSupplier.class, Singleton.class).to((Class) resourceClass).in(RequestScoped.class);
    }

    /** Hands Jersey the replica of the request being processed. */
    public static final class ReplicaSupplier implements Supplier<Object> {
        private final Provider<ContainerRequest> request;

        @Inject
        public ReplicaSupplier(Provider<ContainerRequest> request) {
            this.request = request;
        }

        @Override
        public Object get() {
            Object replica = request.get().getProperty(REPLICA_PROPERTY);
            if (replica == null) {
                throw new IllegalStateException("no replica was handed in with this request");
            }
            return replica;
        }
    }
}
