package io.osgiserve.rest.impl;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.api.HttpResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.spi.Container;

/** One Jersey application for one resource class, called in process: no servlet, no HTTP server of its own. */
public final class JerseyApplication {
    private final ApplicationHandler handler;
    private final Container container;
    private volatile boolean closed;

    private JerseyApplication(ApplicationHandler handler) {
        this.handler = handler;
        this.container = new InProcessContainer(handler);
    }

    public static JerseyApplication build(Class<?> resourceClass) {
        ResourceConfig config = new ResourceConfig()
                .register(resourceClass)
                .register(new ReplicaBinder(resourceClass))
                .register(JacksonFeature.withoutExceptionMappers())
                .register(JsonMapper.class)
                .register(ErrorMappers.WebApplication.class)
                .register(ErrorMappers.BadJson.class)
                .register(ErrorMappers.Unexpected.class)
                // nothing is found by scanning: the application is exactly what is registered above
                .property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServerProperties.BV_FEATURE_DISABLE, true);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // the Jakarta REST API finds its implementation through the context class loader
        thread.setContextClassLoader(ApplicationHandler.class.getClassLoader());
        try {
            JerseyApplication application = new JerseyApplication(new ApplicationHandler(config));
            application.handler.onStartup(application.container);
            return application;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(resourceClass.getName() + " is not a valid REST resource: "
                    + OneLine.of(e), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public CompletableFuture<HttpResponse> handle(Object replica, String routePrefix, HttpRequest request) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("this REST deployment version was retired"));
        }
        BufferingWriter writer = new BufferingWriter();
        ContainerRequest call;
        try {
            URI base = RequestUris.base(request.scheme(), request.headers().get("host"), routePrefix);
            call = new ContainerRequest(base, RequestUris.request(base, request.path(), request.query()),
                    request.method(), AnonymousSecurity.INSTANCE, new MapPropertiesDelegate(),
                    handler.getConfiguration());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Errors.json(400, OneLine.of(e)));
        }
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            call.header(h.getKey(), h.getValue());
        }
        call.setEntityStream(new ByteArrayInputStream(request.body()));
        call.setWriter(writer);
        call.setProperty(ReplicaBinder.REPLICA_PROPERTY, replica);
        handler.handle(call);
        return writer.response();
    }

    public void close() {
        if (!closed) {
            closed = true;
            handler.onShutdown(container);
        }
    }
}
