package io.osgiserve.runtime.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osgiserve.api.Deployment;
import io.osgiserve.api.HttpRequest;
import io.osgiserve.api.HttpResponse;
import io.osgiserve.config.DeploymentConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One Jersey application per version of a REST deployment, shared by its replicas and closed with the last one. */
class RestFacesTest {
    @Path("/")
    public static final class Hello {
        @GET
        public String hello() {
            return "hello";
        }
    }

    public static final class Plain {
    }

    private final RestFaces faces = new RestFaces();

    @Test
    void theReplicasOfAVersionShareOneApplicationThatTheLastOneToGoCloses() throws Exception {
        DeploymentSpec v1 = spec(1, Hello.class);
        RestFaces.Face a = faces.acquire(v1, "a");
        RestFaces.Face b = faces.acquire(v1, "b");
        assertSame(a, b);
        a.build();
        assertEquals("hello", answer(a).bodyAsString());

        RestFaces.Face v2 = faces.acquire(spec(2, Hello.class), "c");
        assertNotNull(v2);
        assertEquals(false, v2 == a, "a new version gets its own application");

        faces.release(v1, "a");
        assertEquals("hello", answer(b).bodyAsString(), "one replica of the version is still there");
        faces.release(v1, "b");
        assertThrows(IllegalStateException.class, () -> answer(b), "closed with the version's last replica");
        faces.release(v1, "b"); // a second release of the same replica changes nothing
    }

    @Test
    void aPlainDeploymentHasNoRestFace() throws Exception {
        assertNull(faces.acquire(spec(1, Plain.class), "a"));
    }

    private static HttpResponse answer(RestFaces.Face face) throws Exception {
        return (HttpResponse) face.answer(new Hello(), new HttpRequest("GET", "/", "", Map.of(), new byte[0]))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static DeploymentSpec spec(long version, Class<?> type) throws Exception {
        return new DeploymentSpec("Hello", version, Deployment.of(type).name("Hello").bind(),
                DeploymentConfig.of("Hello", Map.of("route_prefix", "/hello")), null, Map.of());
    }
}
