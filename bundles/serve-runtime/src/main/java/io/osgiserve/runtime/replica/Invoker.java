package io.osgiserve.runtime.replica;

import io.osgiserve.node.BadArgumentsException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls a user object's public methods by name with JSON-ish arguments, converting numbers to the
 * parameter types (a JSON {@code 2} reaches an {@code int} parameter). Methods are looked up once.
 */
public final class Invoker {
    /** Arities below this are looked up by name alone (no key is built per call: this runs per request). */
    private static final int FEW = 8;

    private final Class<?> type;
    private final List<Map<String, Method>> byArity = new ArrayList<>(FEW);
    private final Map<String, Method> more = new ConcurrentHashMap<>();

    public Invoker(Class<?> type) {
        this.type = type;
        for (int i = 0; i < FEW; i++) {
            byArity.add(new ConcurrentHashMap<>());
        }
    }

    /** The public method {@code name} taking {@code arity} arguments, or null. */
    public Method find(String name, int arity) {
        if (arity >= FEW) {
            return more.computeIfAbsent(name + "/" + arity, k -> lookup(name, arity));
        }
        Map<String, Method> methods = byArity.get(arity);
        Method known = methods.get(name);
        return known != null ? known : methods.computeIfAbsent(name, k -> lookup(name, arity));
    }

    private Method lookup(String name, int arity) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == arity && !Modifier.isStatic(m.getModifiers())) {
                m.setAccessible(true);
                return m;
            }
        }
        return null;
    }

    /**
     * Invokes the method; the user's own exception is thrown as it is (unwrapped).
     *
     * @throws BadArgumentsException when the class has no such public method, or the arguments do not fit it
     */
    public Object invoke(Object target, String name, Object[] args) throws Throwable {
        Method m = find(name, args.length);
        if (m == null) {
            throw new BadArgumentsException(type.getSimpleName() + " has no public method " + name + " taking "
                    + args.length + " argument(s)");
        }
        Class<?>[] types = m.getParameterTypes();
        Object[] converted = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            converted[i] = convert(args[i], types[i]);
        }
        try {
            return m.invoke(target, converted);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (IllegalArgumentException e) {
            // thrown by reflection itself (the user's own exceptions arrive wrapped, above)
            throw new BadArgumentsException(type.getSimpleName() + "." + name + " cannot take " + describe(converted)
                    + ": " + e.getMessage());
        }
    }

    private static String describe(Object[] args) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < args.length; i++) {
            b.append(i == 0 ? "" : ", ").append(args[i] == null ? "null" : args[i].getClass().getSimpleName());
        }
        return b.append(')').toString();
    }

    /** Converts a JSON-ish value to {@code to} where a lossless or numeric conversion exists. */
    static Object convert(Object value, Class<?> to) {
        if (value == null || to.isInstance(value) || !(value instanceof Number n)) {
            return value;
        }
        Class<?> t = to.isPrimitive() ? box(to) : to;
        if (t == Integer.class) {
            return n.intValue();
        } else if (t == Long.class) {
            return n.longValue();
        } else if (t == Double.class) {
            return n.doubleValue();
        } else if (t == Float.class) {
            return n.floatValue();
        } else if (t == Short.class) {
            return n.shortValue();
        } else if (t == Byte.class) {
            return n.byteValue();
        } else if (t == BigDecimal.class) {
            return new BigDecimal(n.toString());
        } else if (t == BigInteger.class) {
            return BigInteger.valueOf(n.longValue());
        }
        return value;
    }

    private static Class<?> box(Class<?> p) {
        if (p == int.class) {
            return Integer.class;
        } else if (p == long.class) {
            return Long.class;
        } else if (p == double.class) {
            return Double.class;
        } else if (p == float.class) {
            return Float.class;
        } else if (p == short.class) {
            return Short.class;
        } else if (p == byte.class) {
            return Byte.class;
        } else if (p == boolean.class) {
            return Boolean.class;
        }
        return Character.class;
    }
}
