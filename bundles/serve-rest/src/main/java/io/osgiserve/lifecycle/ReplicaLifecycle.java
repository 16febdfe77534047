package io.osgiserve.lifecycle;

import io.osgiserve.api.ReplicaContext;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Jakarta lifecycle and injection annotations on a deployment class, read by reflection (no
 * container): which constructor makes a replica ({@code @Inject}), and the {@code @PostConstruct} and
 * {@code @PreDestroy} methods, superclass methods first, an overridden method only as its override.
 */
public final class ReplicaLifecycle {
    private final Class<?> type;
    private final Constructor<?> injectConstructor;
    private final List<Method> postConstruct;
    private final List<Method> preDestroy;

    private ReplicaLifecycle(Class<?> type, Constructor<?> injectConstructor, List<Method> postConstruct,
            List<Method> preDestroy) {
        this.type = type;
        this.injectConstructor = injectConstructor;
        this.postConstruct = postConstruct;
        this.preDestroy = preDestroy;
    }

    /**
     * Reads the annotations of {@code type}.
     *
     * @throws IllegalArgumentException naming the class and member when an annotation is misused: two
     *     {@code @Inject} constructors, or a lifecycle method that is static or takes parameters
     */
    public static ReplicaLifecycle of(Class<?> type) {
        return new ReplicaLifecycle(type, injectConstructor(type), methods(type, PostConstruct.class),
                methods(type, PreDestroy.class));
    }

    /**
     * The constructor that makes a replica when the class marks one {@code @Inject}: it must take the
     * {@code boundArgs} bound arguments, optionally followed by a {@link ReplicaContext}. Null when no
     * constructor is marked (the runtime's own rule picks one then).
     *
     * @throws IllegalArgumentException when the marked constructor does not take those arguments
     */
    public Constructor<?> constructor(int boundArgs) {
        if (injectConstructor == null) {
            return null;
        }
        Class<?>[] p = injectConstructor.getParameterTypes();
        boolean fits = p.length == boundArgs
                || (p.length == boundArgs + 1 && p[boundArgs] == ReplicaContext.class);
        if (!fits) {
            throw new IllegalArgumentException(type.getName() + ": the @Inject constructor takes " + p.length
                    + " parameter(s), but the deployment binds " + boundArgs
                    + " argument(s) (optionally followed by a ReplicaContext)");
        }
        injectConstructor.setAccessible(true);
        return injectConstructor;
    }

    /** True when the {@code @Inject} constructor (or else no constructor) asks for a ReplicaContext last. */
    public boolean wantsContext() {
        if (injectConstructor == null) {
            return false;
        }
        Class<?>[] p = injectConstructor.getParameterTypes();
        return p.length > 0 && p[p.length - 1] == ReplicaContext.class;
    }

    /** Runs the {@code @PostConstruct} methods; the first one's own exception is thrown as it is. */
    public void postConstruct(Object instance) throws Exception {
        run(postConstruct, instance);
    }

    /** Runs the {@code @PreDestroy} methods; the first one's own exception is thrown as it is. */
    public void preDestroy(Object instance) throws Exception {
        run(preDestroy, instance);
    }

    public boolean hasPostConstruct() {
        return !postConstruct.isEmpty();
    }

    public boolean hasPreDestroy() {
        return !preDestroy.isEmpty();
    }

    private void run(List<Method> methods, Object instance) throws Exception {
        if (!type.isInstance(instance)) {
            throw new IllegalArgumentException("not a " + type.getName() + ": " + instance);
        }
        for (Method m : methods) {
            try {
                m.invoke(instance);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                throw (Error) cause;
            }
        }
    }

    private static Constructor<?> injectConstructor(Class<?> type) {
        Constructor<?> found = null;
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (c.isAnnotationPresent(Inject.class)) {
                if (found != null) {
                    throw new IllegalArgumentException(type.getName() + " marks more than one constructor @Inject; mark one");
                }
                found = c;
            }
        }
        return found;
    }

    /** The methods carrying {@code annotation}, from the top superclass down; an overridden one only once, as its override. */
    private static List<Method> methods(Class<?> type, Class<? extends Annotation> annotation) {
        List<Method> all = new ArrayList<>();
        Set<String> overriddenBelow = new HashSet<>();
        // from the class up, so an override is seen before what it overrides; each class's methods go first
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            List<Method> here = new ArrayList<>();
            for (Method m : c.getDeclaredMethods()) {
                if (m.isSynthetic() || m.isBridge()) {
                    continue;
                }
                boolean overridable = m.getParameterCount() == 0 && !Modifier.isPrivate(m.getModifiers())
                        && !Modifier.isStatic(m.getModifiers());
                if (m.isAnnotationPresent(annotation) && !(overridable && overriddenBelow.contains(m.getName()))) {
                    check(m, annotation);
                    m.setAccessible(true);
                    here.add(m);
                }
                if (overridable) {
                    overriddenBelow.add(m.getName());
                }
            }
            here.sort(Comparator.comparing(Method::getName));
            all.addAll(0, here);
        }
        return List.copyOf(all);
    }

    private static void check(Method m, Class<? extends Annotation> annotation) {
        String where = m.getDeclaringClass().getName() + "." + m.getName();
        if (Modifier.isStatic(m.getModifiers())) {
            throw new IllegalArgumentException(where + " is @" + annotation.getSimpleName() + " but static; make it an instance method");
        }
        if (m.getParameterCount() != 0) {
            throw new IllegalArgumentException(where + " is @" + annotation.getSimpleName() + " but takes parameters; it must take none");
        }
    }
}
