package io.osgiserve.rest;

import com.fasterxml.jackson.databind.type.TypeFactory;
import io.osgiserve.api.HttpRequest;
import io.osgiserve.api.HttpResponse;
import io.osgiserve.rest.impl.DocsPage;
import io.osgiserve.rest.impl.InstalledWebjar;
import io.osgiserve.rest.impl.JerseyApplication;
import io.osgiserve.rest.impl.OpenApiDocument;
import jakarta.ws.rs.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP face of one version of a REST deployment (a class annotated {@code @Path}): one Jersey
 * application, built once per version and shared by all of its replicas. Each request is answered
 * against the replica instance the caller hands in; Jersey never constructs or injects the resource.
 * Below the route prefix, {@code GET /openapi.json} and {@code GET /docs} are the deployment's API
 * document and its swagger-ui page. {@link #close()} releases the application when the version retires.
 */
public final class RestIngress implements AutoCloseable {
    /** The API document's path below the route prefix. */
    public static final String OPENAPI_PATH = "/openapi.json";
    /** The docs page's path below the route prefix; its assets are below it. */
    public static final String DOCS_PATH = "/docs";

    /** Jersey applications built and not yet closed, in this runtime: what a retired version must give back. */
    private static final AtomicInteger OPEN = new AtomicInteger();

    private final Class<?> resourceClass;
    private final JerseyApplication application;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final DocsPage docs;
    private volatile OpenApiCache openApi;

    /** The document for the route prefix it was last asked for (a prefix changes rarely). */
    private record OpenApiCache(String routePrefix, byte[] document) {
    }

    private RestIngress(Class<?> resourceClass, JerseyApplication application, DocsPage docs) {
        this.resourceClass = resourceClass;
        this.application = application;
        this.docs = docs;
    }

    /** True when {@code type} is a Jakarta REST resource class, so a deployment of it is served by a RestIngress. */
    public static boolean isResource(Class<?> type) {
        return type.isAnnotationPresent(Path.class);
    }

    /**
     * Builds the Jersey application for {@code resourceClass}, whose swagger-ui page takes its assets
     * from {@code docsAssets}.
     *
     * @throws IllegalArgumentException when the class is no resource class or Jersey rejects its model
     */
    public static RestIngress build(Class<?> resourceClass, DocsAssets docsAssets) {
        return build(resourceClass, docsAssets, true);
    }

    /** As {@link #build(Class, DocsAssets)}; {@code fastPath} false sends every request through Jersey's pipeline. */
    static RestIngress build(Class<?> resourceClass, DocsAssets docsAssets, boolean fastPath) {
        Objects.requireNonNull(resourceClass, "resourceClass");
        if (!isResource(resourceClass)) {
            throw new IllegalArgumentException(resourceClass.getName() + " is not annotated @Path, so it is no REST resource");
        }
        RestIngress built = new RestIngress(resourceClass, JerseyApplication.build(resourceClass, fastPath), new DocsPage(docsAssets));
        OPEN.incrementAndGet();
        return built;
    }

    /** How many REST applications (one per version of a REST deployment) are open now. */
    public static int openApplications() {
        return OPEN.get();
    }

    /** A RestIngress whose docs page reads the swagger-ui webjar installed beside it (a bundle, or the class path). */
    public static RestIngress build(Class<?> resourceClass) {
        return build(resourceClass, InstalledWebjar.assets());
    }

    public Class<?> resourceClass() {
        return resourceClass;
    }

    /**
     * Answers {@code request} (its path is below {@code routePrefix}) with {@code replica} as the
     * resource instance. Never blocks on the resource: an asynchronous resource method completes the
     * future when its {@code CompletionStage} does.
     */
    public CompletableFuture<HttpResponse> handle(Object replica, String routePrefix, HttpRequest request) {
        Objects.requireNonNull(replica, "replica");
        if (!resourceClass.isInstance(replica)) {
            throw new IllegalArgumentException("the replica is a " + replica.getClass().getName() + ", not a "
                    + resourceClass.getName());
        }
        String path = request.path();
        if (request.method().equals("GET")) {
            if (path.equals(OPENAPI_PATH)) {
                return CompletableFuture.completedFuture(DocsPage.json(openApi(routePrefix)));
            }
            if (path.equals(DOCS_PATH) || path.startsWith(DOCS_PATH + "/")) {
                return CompletableFuture.completedFuture(docs.answer(routePrefix, path.substring(DOCS_PATH.length())));
            }
        }
        return application.handle(replica, routePrefix, request);
    }

    /** The OpenAPI document of the resource class, as JSON, for the deployment routed at {@code routePrefix}. */
    public byte[] openApi(String routePrefix) {
        OpenApiCache cached = openApi;
        if (cached == null || !Objects.equals(cached.routePrefix(), routePrefix)) {
            cached = new OpenApiCache(routePrefix, OpenApiDocument.of(resourceClass, routePrefix));
            openApi = cached;
        }
        return cached.document().clone();
    }

    /** Releases the Jersey application; requests in flight finish, later ones fail. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            application.close();
            // Jackson's shared type cache (Jersey's JSON provider and swagger use it) keys entries by class:
            // left alone it would keep the retired version's classes, and their bundle, reachable
            TypeFactory.defaultInstance().clearCache();
            OPEN.decrementAndGet();
        }
    }
}
