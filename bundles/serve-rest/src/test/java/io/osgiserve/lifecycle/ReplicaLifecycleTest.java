package io.osgiserve.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osgiserve.api.DeploymentHandle;
import io.osgiserve.api.ReplicaContext;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Jakarta annotations on deployment classes, read and run by reflection. */
class ReplicaLifecycleTest {

    static class Base {
        final List<String> calls = new ArrayList<>();

        @PostConstruct
        void baseReady() {
            calls.add("base.ready");
        }

        @PostConstruct
        public void overridden() {
            calls.add("base.overridden");
        }

        @PreDestroy
        private void baseGone() {
            calls.add("base.gone");
        }
    }

    public static class Stand extends Base {
        final DeploymentHandle other;
        final ReplicaContext context;

        public Stand() {
            this(null, null);
        }

        @Inject
        public Stand(DeploymentHandle other, ReplicaContext context) {
            this.other = other;
            this.context = context;
        }

        @PostConstruct
        private void ready() {
            calls.add("stand.ready");
        }

        @Override
        public void overridden() {
            calls.add("stand.overridden (not annotated: not run)");
        }

        @PreDestroy
        void gone() {
            calls.add("stand.gone");
        }
    }

    public static class Plain {
        public Plain(String a) {
        }
    }

    public static class TwoInject {
        @Inject
        public TwoInject() {
        }

        @Inject
        public TwoInject(String a) {
        }
    }

    public static class StaticHook {
        @PostConstruct
        static void ready() {
        }
    }

    public static class HookWithParameter {
        @PreDestroy
        void gone(String why) {
        }
    }

    public static class Failing {
        @PostConstruct
        void ready() throws java.io.IOException {
            throw new java.io.IOException("the price list is unreadable");
        }
    }

    @Test
    void theInjectConstructorIsChosenWhenItTakesTheBoundArgumentsAndAContext() throws Exception {
        ReplicaLifecycle lifecycle = ReplicaLifecycle.of(Stand.class);
        assertEquals(Stand.class.getConstructor(DeploymentHandle.class, ReplicaContext.class), lifecycle.constructor(1));
        assertTrue(lifecycle.wantsContext());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lifecycle.constructor(3));
        assertTrue(e.getMessage().contains("@Inject constructor takes 2 parameter(s), but the deployment binds 3"),
                e.getMessage());
    }

    @Test
    void withoutAnInjectConstructorTheRuntimeKeepsItsOwnRule() {
        ReplicaLifecycle lifecycle = ReplicaLifecycle.of(Plain.class);
        assertNull(lifecycle.constructor(1));
        assertFalse(lifecycle.wantsContext());
        assertFalse(lifecycle.hasPostConstruct());
    }

    @Test
    void twoInjectConstructorsAreAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplicaLifecycle.of(TwoInject.class));
        assertTrue(e.getMessage().contains("more than one constructor @Inject"), e.getMessage());
    }

    @Test
    void postConstructRunsSuperclassMethodsFirstAndAnOverrideWithoutTheAnnotationNot() throws Exception {
        Stand stand = new Stand();
        ReplicaLifecycle.of(Stand.class).postConstruct(stand);
        assertEquals(List.of("base.ready", "stand.ready"), stand.calls);
    }

    @Test
    void preDestroyRunsEveryAnnotatedMethodOnce() throws Exception {
        Stand stand = new Stand();
        ReplicaLifecycle lifecycle = ReplicaLifecycle.of(Stand.class);
        assertTrue(lifecycle.hasPreDestroy());
        lifecycle.preDestroy(stand);
        assertEquals(List.of("base.gone", "stand.gone"), stand.calls);
    }

    @Test
    void aMisusedLifecycleAnnotationIsAnErrorNamingTheMethod() {
        IllegalArgumentException stat = assertThrows(IllegalArgumentException.class, () -> ReplicaLifecycle.of(StaticHook.class));
        assertTrue(stat.getMessage().contains("StaticHook.ready is @PostConstruct but static"), stat.getMessage());
        IllegalArgumentException param = assertThrows(IllegalArgumentException.class,
                () -> ReplicaLifecycle.of(HookWithParameter.class));
        assertTrue(param.getMessage().contains("HookWithParameter.gone is @PreDestroy but takes parameters"), param.getMessage());
    }

    @Test
    void theUsersOwnExceptionComesOutUnwrapped() {
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> ReplicaLifecycle.of(Failing.class).postConstruct(new Failing()));
        assertEquals("the price list is unreadable", e.getMessage());
    }

    @Test
    void anInstanceOfAnotherClassIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ReplicaLifecycle.of(Stand.class).postConstruct(new Plain("x")));
        Stand stand = new Stand();
        assertSame(null, stand.other);
    }
}
