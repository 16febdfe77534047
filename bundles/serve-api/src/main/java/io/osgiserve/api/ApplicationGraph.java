package io.osgiserve.api;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An application: the graph of bound deployments reachable from its ingress node, in the order
 * they must start (a deployment after every deployment it is bound to).
 */
public final class ApplicationGraph {
    /**
     * Manifest header by which a bundle gives short module names to its classes, so that an
     * {@code import_path} can say {@code fruit:deployment_graph}: {@code Serve-Module: fruit=com.example.FruitStand}.
     */
    public static final String MODULE_HEADER = "Serve-Module";

    /**
     * The module aliases a {@value #MODULE_HEADER} header gives ({@code alias=fully.qualified.Class[, ...]}),
     * in its order: entries without an alias or a class are skipped, and of two entries with one alias
     * the first wins. The one reader of the header (the node's code loading and the CLI use it).
     */
    public static Map<String, String> moduleAliases(String header) {
        Map<String, String> aliases = new LinkedHashMap<>();
        if (header == null) {
            return aliases;
        }
        for (String entry : header.split(",")) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String alias = entry.substring(0, eq).trim();
            String type = entry.substring(eq + 1).trim();
            if (!alias.isEmpty() && !type.isEmpty()) {
                aliases.putIfAbsent(alias, type);
            }
        }
        return aliases;
    }

    private final BoundDeployment ingress;
    private final List<BoundDeployment> deployments;

    private ApplicationGraph(BoundDeployment ingress, List<BoundDeployment> deployments) {
        this.ingress = ingress;
        this.deployments = Collections.unmodifiableList(deployments);
    }

    /** The graph below {@code ingress}; two different deployments with one name are an error. */
    public static ApplicationGraph of(BoundDeployment ingress) {
        Map<String, BoundDeployment> byName = new LinkedHashMap<>();
        visit(ingress, byName);
        return new ApplicationGraph(ingress, new ArrayList<>(byName.values()));
    }

    /**
     * Reads the application that {@code attribute} of {@code module} holds: a public static field, or a
     * public static method without parameters, whose value is a {@link BoundDeployment}.
     *
     * @throws IllegalArgumentException with a message for the user when there is no such attribute
     */
    public static ApplicationGraph load(Class<?> module, String attribute) {
        return load(module, attribute, Map.of());
    }

    /**
     * The same, with the application's {@code args}: the attribute may also be a public static method
     * taking one {@code Map<String, Object>} (the application builder), called with {@code args}
     * (unmodifiable; empty when the config has none). Args given to a field or a method without
     * parameters are refused: they would be lost.
     *
     * @throws IllegalArgumentException with a message for the user (a builder's own exception names the arg)
     */
    public static ApplicationGraph load(Class<?> module, String attribute, Map<String, Object> args) {
        Object value;
        Member member = find(module, attribute);
        boolean builder = member instanceof Method m && m.getParameterCount() == 1;
        if (!builder && !args.isEmpty()) {
            throw new IllegalArgumentException("args: " + module.getName() + "." + attribute + " takes no args (only a"
                    + " public static method taking a Map<String, Object> does); remove args or write such a builder");
        }
        try {
            if (member instanceof Field f) {
                value = f.get(null);
            } else {
                value = builder ? ((Method) member).invoke(null, Collections.unmodifiableMap(new LinkedHashMap<>(args)))
                        : ((Method) member).invoke(null);
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (builder && cause instanceof IllegalArgumentException) {
                // the builder refused an arg: its message is for the user as it is
                throw new IllegalArgumentException(module.getName() + "." + attribute + ": " + cause.getMessage(), cause);
            }
            throw new IllegalArgumentException(module.getName() + "." + attribute + " threw "
                    + cause.getClass().getName() + ": " + cause.getMessage(), cause);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException(module.getName() + "." + attribute + " is not public", e);
        }
        if (!(value instanceof BoundDeployment bound)) {
            throw new IllegalArgumentException(module.getName() + "." + attribute
                    + " must hold a bound deployment (Deployment.of(...).bind(...)), got "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return of(bound);
    }

    private static Member find(Class<?> module, String attribute) {
        for (Field f : module.getFields()) {
            if (f.getName().equals(attribute) && Modifier.isStatic(f.getModifiers())) {
                return f;
            }
        }
        for (Method m : module.getMethods()) {
            if (m.getName().equals(attribute) && Modifier.isStatic(m.getModifiers()) && (m.getParameterCount() == 0
                    || m.getParameterCount() == 1 && m.getParameterTypes()[0].isAssignableFrom(Map.class))) {
                return m;
            }
        }
        throw new IllegalArgumentException("import_path: " + module.getName() + " has no public static field, "
                + "no-argument method or builder method (taking a Map of args) named '" + attribute + "'");
    }

    private static void visit(BoundDeployment node, Map<String, BoundDeployment> byName) {
        String name = node.deployment().name();
        BoundDeployment seen = byName.get(name);
        if (seen != null) {
            if (seen != node && !seen.deployment().type().equals(node.deployment().type())) {
                throw new IllegalArgumentException("two deployments are named '" + name + "' ("
                        + seen.deployment().type().getName() + " and " + node.deployment().type().getName()
                        + "); give one another name with Deployment.name(...)");
            }
            return;
        }
        for (Object arg : node.args()) {
            if (arg instanceof BoundDeployment child) {
                visit(child, byName);
            } else if (arg instanceof BoundMethod method) {
                visit(method.target(), byName);
            }
        }
        byName.put(name, node);
    }

    /** The node that the import path names; it receives the HTTP requests. */
    public BoundDeployment ingress() {
        return ingress;
    }

    /** Every deployment, dependencies first, the ingress last. */
    public List<BoundDeployment> deployments() {
        return deployments;
    }

    /**
     * The route prefix a deployment has when the config does not set one: what its code set with
     * {@link Deployment#routePrefix} (null included), else {@code /<name>} for the ingress and no route
     * (null) for the others.
     */
    public String defaultRoutePrefix(BoundDeployment node) {
        Map<String, Object> options = node.deployment().options();
        if (options.containsKey("route_prefix")) {
            Object value = options.get("route_prefix");
            return value == null ? null : value.toString();
        }
        return node == ingress ? "/" + node.deployment().name() : null;
    }

    /** The names of every deployment, in {@link #deployments()} order. */
    public List<String> names() {
        return deployments.stream().map(d -> d.deployment().name()).toList();
    }
}
