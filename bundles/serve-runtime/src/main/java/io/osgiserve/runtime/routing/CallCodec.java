package io.osgiserve.runtime.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osgiserve.api.HttpRequest;
import io.osgiserve.api.HttpResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * The JSON of a call between nodes (never Java serialization). A request is
 * {@code {"method": m, "args": [...]}}, or {@code {"method": m, "http_request": {...}}} for an ingress
 * call; an answer is {@code {"value": v}}, {@code {"http_response": {...}}} or
 * {@code {"error": {"kind": k, "type": t, "message": m}}}. Values are typed at each end by the user's
 * declared types: the owner converts arguments to the method's parameter types, the caller reads the
 * result as the target method's declared return type (unwrapping a future) in the caller's copy of the
 * same code, so a user record crosses as itself; {@code Object} reads as plain JSON values.
 */
final class CallCodec {
    static final ObjectMapper JSON = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final int MAX_METHOD_NAME = 200;

    private CallCodec() {
    }

    /** A decoded request: the method, either JSON arguments or an HTTP request, and the caller's request id (or null). */
    record Request(String method, List<JsonNode> args, HttpRequest http, String requestId) {
        int arity() {
            return http != null ? 1 : args.size();
        }
    }

    // ---------------------------------------------------------------- requests

    static byte[] request(String method, Object[] args, String requestId) throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        root.put("method", method);
        if (requestId != null) {
            root.put("request_id", requestId);
        }
        if (args.length == 1 && args[0] instanceof HttpRequest r) {
            ObjectNode h = root.putObject("http_request");
            h.put("scheme", r.scheme());
            h.put("method", r.method());
            h.put("path", r.path());
            h.put("query", r.query());
            h.set("headers", JSON.valueToTree(r.headers()));
            h.put("body", r.body());
        } else {
            ArrayNode a = root.putArray("args");
            for (Object arg : args) {
                a.add(JSON.valueToTree(arg));
            }
        }
        return JSON.writeValueAsBytes(root);
    }

    /** @throws IllegalArgumentException with one line when the body is not a call */
    static Request readRequest(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the call is not JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject() || !root.path("method").isTextual()) {
            throw new IllegalArgumentException("the call must be a JSON object with a \"method\" string");
        }
        String method = root.get("method").asText();
        if (method.isEmpty() || method.length() > MAX_METHOD_NAME) {
            throw new IllegalArgumentException("the method name must have 1 to " + MAX_METHOD_NAME + " characters");
        }
        // a caller's id goes into log lines: anything but a plain id is replaced
        String requestId = root.path("request_id").isTextual()
                ? io.osgiserve.node.RequestIds.of(root.get("request_id").asText()) : null;
        JsonNode h = root.get("http_request");
        if (h != null) {
            if (!h.isObject()) {
                throw new IllegalArgumentException("\"http_request\" must be an object");
            }
            try {
                Map<String, String> headers = h.hasNonNull("headers")
                        ? JSON.convertValue(h.get("headers"), JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, String.class))
                        : Map.of();
                byte[] b = h.hasNonNull("body") ? h.get("body").binaryValue() : new byte[0];
                String scheme = "https".equals(h.path("scheme").asText()) ? "https" : "http";
                return new Request(method, List.of(), new HttpRequest(h.path("method").asText("GET"),
                        h.path("path").asText("/"), h.path("query").asText(""), headers, b == null ? new byte[0] : b,
                        scheme), requestId);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("\"http_request\" is malformed: " + firstLine(e.getMessage()));
            }
        }
        JsonNode args = root.get("args");
        if (args == null || !args.isArray()) {
            throw new IllegalArgumentException("the call needs \"args\" (an array) or \"http_request\"");
        }
        List<JsonNode> list = new java.util.ArrayList<>();
        args.forEach(list::add);
        return new Request(method, List.copyOf(list), null, requestId);
    }

    /**
     * The arguments for {@code target} (null when the class has no such method: the replica says so),
     * each converted to its declared parameter type.
     *
     * @throws IllegalArgumentException with one line when an argument does not fit its parameter
     */
    static Object[] arguments(Request r, Method target) {
        if (r.http() != null) {
            return new Object[] {r.http()};
        }
        Object[] out = new Object[r.args().size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode node = r.args().get(i);
            Type declared = target == null ? Object.class : target.getGenericParameterTypes()[i];
            try {
                out[i] = JSON.convertValue(node, type(declared));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("argument " + (i + 1) + " of " + r.method() + " does not fit "
                        + declared.getTypeName() + ": " + firstLine(e.getMessage()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- answers

    static byte[] value(Object value) throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        if (value instanceof HttpResponse r) {
            ObjectNode h = root.putObject("http_response");
            h.put("status", r.status());
            h.put("content_type", r.contentType());
            h.set("headers", JSON.valueToTree(r.headers()));
            h.put("body", r.body());
        } else {
            root.set("value", JSON.valueToTree(value));
        }
        return JSON.writeValueAsBytes(root);
    }

    static byte[] error(String kind, String type, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode e = root.putObject("error");
        e.put("kind", kind);
        e.put("type", type);
        e.put("message", message);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The error of an answer: {kind, type, message}, each "" when absent. */
    static String[] readError(byte[] body) {
        try {
            JsonNode e = JSON.readTree(body).path("error");
            return new String[] {e.path("kind").asText(""), e.path("type").asText(""), e.path("message").asText("")};
        } catch (IOException | RuntimeException e) {
            return new String[] {"", "", ""};
        }
    }

    /** The value of a 200 answer, read as {@code declared} (null: plain JSON values). */
    static Object readValue(byte[] body, Type declared) throws IOException {
        JsonNode root = JSON.readTree(body);
        JsonNode h = root.get("http_response");
        if (h != null) {
            Map<String, List<String>> headers = h.hasNonNull("headers")
                    ? JSON.convertValue(h.get("headers"), JSON.getTypeFactory().constructMapType(LinkedHashMap.class,
                            JSON.getTypeFactory().constructType(String.class),
                            JSON.getTypeFactory().constructCollectionType(List.class, String.class)))
                    : Map.of();
            byte[] b = h.hasNonNull("body") ? h.get("body").binaryValue() : new byte[0];
            return new HttpResponse(h.path("status").asInt(200), h.path("content_type").asText(null), headers, b);
        }
        JsonNode v = root.get("value");
        if (v == null || v.isNull()) {
            return null;
        }
        return JSON.convertValue(v, type(declared == null ? Object.class : declared));
    }

    /**
     * The type a caller reads the result of {@code method} (taking {@code arity} arguments) of
     * {@code deploymentClass} as: its declared return type, the value type of a returned future; null
     * (plain JSON values) when that is {@code Object}, a type variable or unknown.
     */
    static Type resultType(Class<?> deploymentClass, String method, int arity) {
        if (deploymentClass == null) {
            return null;
        }
        for (Method m : deploymentClass.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == arity && !Modifier.isStatic(m.getModifiers())) {
                Type t = m.getGenericReturnType();
                if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                        && (CompletionStage.class.isAssignableFrom(raw) || Future.class.isAssignableFrom(raw))) {
                    t = p.getActualTypeArguments()[0];
                } else if (t instanceof Class<?> c && (CompletionStage.class.isAssignableFrom(c) || Future.class.isAssignableFrom(c))) {
                    return null;
                }
                return t instanceof Class<?> c && (c == Object.class || c == void.class || c == Void.class)
                        || !(t instanceof Class<?> || t instanceof ParameterizedType) ? null : t;
            }
        }
        return null;
    }

    private static JavaType type(Type declared) {
        Type t = declared instanceof Class<?> c && c.isPrimitive() ? box(c) : declared;
        return JSON.getTypeFactory().constructType(t);
    }

    private static Class<?> box(Class<?> p) {
        return java.lang.invoke.MethodType.methodType(p).wrap().returnType();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
