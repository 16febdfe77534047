package io.osgiserve.rest.impl;

import jakarta.ws.rs.core.Application;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.spi.Container;

/** What Jersey's lifecycle listeners see as the container: the application itself; it is never reloaded. */
final class InProcessContainer implements Container {
    private final ApplicationHandler handler;

    InProcessContainer(ApplicationHandler handler) {
        this.handler = handler;
    }

    @Override
    public ResourceConfig getConfiguration() {
        return ResourceConfig.forApplication(handler.getConfiguration().getApplication());
    }

    @Override
    public ApplicationHandler getApplicationHandler() {
        return handler;
    }

    @Override
    public void reload() {
        throw new UnsupportedOperationException("a new deployment version builds a new application");
    }

    @Override
    public void reload(ResourceConfig configuration) {
        throw new UnsupportedOperationException("a new deployment version builds a new application");
    }
}
