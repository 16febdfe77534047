package io.osgiserve.rest.impl;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.api.HttpResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.message.MessageBodyWorkers;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.spi.Container;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jersey application for one resource class, called in process: no servlet, no HTTP server of its own.
 * The resource methods {@link FastDispatch} covers are answered without Jersey's per-request pipeline.
 */
public final class JerseyApplication {
    private static final Logger LOG = LoggerFactory.getLogger(JerseyApplication.class);

    private final ApplicationHandler handler;
    private final Container container;
    private final FastDispatch fast;
    private volatile boolean closed;

    private JerseyApplication(ApplicationHandler handler, Container container, FastDispatch fast) {
        this.handler = handler;
        this.container = container;
        this.fast = fast;
    }

    /** The application for {@code resourceClass}, with the fast path for the methods it covers. */
    public static JerseyApplication build(Class<?> resourceClass) {
        return build(resourceClass, true);
    }

    /** The application for {@code resourceClass}; {@code fastPath} false sends every request through Jersey. */
    public static JerseyApplication build(Class<?> resourceClass, boolean fastPath) {
        ResourceConfig config = new ResourceConfig()
                .register(resourceClass)
                .register(new ReplicaBinder(resourceClass))
                .register(JacksonFeature.withoutExceptionMappers())
                .register(JsonMapper.class)
                .registerClasses(ErrorMappers.classes())
                // nothing is found by scanning: the application is exactly what is registered above
                .property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServerProperties.BV_FEATURE_DISABLE, true);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // the Jakarta REST API finds its implementation through the context class loader
        thread.setContextClassLoader(ApplicationHandler.class.getClassLoader());
        try {
            ApplicationHandler handler = new ApplicationHandler(config);
            Container container = new InProcessContainer(handler);
            handler.onStartup(container);
            return new JerseyApplication(handler, container, fastPath ? fastDispatch(resourceClass, handler) : FastDispatch.NONE);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(resourceClass.getName() + " is not a valid REST resource: "
                    + OneLine.of(e), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The fast path's table for the class; if it cannot be built, Jersey answers everything, as without it. */
    private static FastDispatch fastDispatch(Class<?> resourceClass, ApplicationHandler handler) {
        try {
            return FastDispatch.of(resourceClass, handler.getInjectionManager().getInstance(MessageBodyWorkers.class));
        } catch (RuntimeException e) {
            LOG.warn("{}: every request goes through Jersey, the fast path could not be built: {}", resourceClass.getName(),
                    OneLine.of(e));
            return FastDispatch.NONE;
        }
    }

    /** The answer to {@code request} with {@code replica} as the resource: on the fast path where it covers the method, else Jersey's. */
    public CompletableFuture<HttpResponse> handle(Object replica, String routePrefix, HttpRequest request) {
        if (closed) {
            return retired();
        }
        CompletableFuture<HttpResponse> answer = fast.answer(replica, routePrefix, request);
        return answer != null ? answer : jersey(replica, routePrefix, request);
    }

    /** The answer through Jersey's whole pipeline, whatever the fast path covers: what the fast path must equal. */
    public CompletableFuture<HttpResponse> handleInJersey(Object replica, String routePrefix, HttpRequest request) {
        return closed ? retired() : jersey(replica, routePrefix, request);
    }

    /** The answer on the fast path, or null when it leaves the request to Jersey. */
    public CompletableFuture<HttpResponse> handleFast(Object replica, String routePrefix, HttpRequest request) {
        return closed ? retired() : fast.answer(replica, routePrefix, request);
    }

    /** How many of the resource's methods the fast path answers. */
    public int fastMethods() {
        return fast.fastMethods();
    }

    private static CompletableFuture<HttpResponse> retired() {
        return CompletableFuture.failedFuture(new IllegalStateException("this REST deployment version was retired"));
    }

    private CompletableFuture<HttpResponse> jersey(Object replica, String routePrefix, HttpRequest request) {
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
