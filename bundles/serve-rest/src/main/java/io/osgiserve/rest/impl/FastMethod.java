package io.osgiserve.rest.impl;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.api.HttpResponse;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.MatchResult;
import org.glassfish.jersey.message.MessageBodyWorkers;
import org.glassfish.jersey.message.internal.ReaderWriter;
import org.glassfish.jersey.model.Parameter.Source;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.uri.UriComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One resource method answered without Jersey's per-request pipeline, the way Jersey answers it: its
 * parameters from the path, query, headers and a JSON body (Jersey's own reader for the type), its result
 * written by Jersey's own writer for the type, exceptions through the same mappers. Built once per
 * version, only for a method whose every part it covers ({@link #of} says null otherwise); per request,
 * {@link #answer} says null before calling the resource when the request needs what only Jersey does
 * (content negotiation beyond one type, a parameter Jersey would refuse), and Jersey answers it.
 */
final class FastMethod {
    private static final Logger LOG = LoggerFactory.getLogger(FastMethod.class);
    private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE;
    private static final byte[] EMPTY = new byte[0];
    /** Jersey's writer of String entities (not public): its bytes are the string in the media type's charset. */
    private static final String JERSEY_STRING_WRITER = "org.glassfish.jersey.message.internal.StringMessageProvider";
    /** A parameter value the fast path leaves to Jersey (its conversion error, its default). */
    private static final Object TO_JERSEY = new Object();

    private final Method method;
    private final Annotation[] annotations;
    private final Param[] params;
    private final MediaType produced;
    private final String producedName;
    private final boolean consumesJson;
    private final boolean readsBody;
    private final boolean async;
    /** The declared type of the result's entity (a CompletionStage's value type), for the writer. */
    private final Type resultType;
    private final MessageBodyWorkers workers;
    /** Jersey's writer per result class, for the produced type: found once, as Jersey's own cache does. */
    private final Map<Class<?>, MessageBodyWriter<Object>> writers = new ConcurrentHashMap<>();

    private FastMethod(Method method, Param[] params, MediaType produced, boolean consumesJson, boolean readsBody,
            Type resultType, MessageBodyWorkers workers) {
        this.method = method;
        this.annotations = method.getDeclaredAnnotations();
        this.params = params;
        this.produced = produced;
        this.producedName = produced.toString();
        this.consumesJson = consumesJson;
        this.readsBody = readsBody;
        this.async = CompletionStage.class.isAssignableFrom(method.getReturnType());
        this.resultType = resultType;
        this.workers = workers;
    }

    /** The fast form of {@code rm}, or null when it uses anything the fast path does not do exactly as Jersey. */
    static FastMethod of(ResourceMethod rm, MessageBodyWorkers workers) {
        if (rm.getType() != ResourceMethod.JaxrsType.RESOURCE_METHOD || rm.isSuspendDeclared() || rm.isSse()
                || rm.isManagedAsyncDeclared() || rm.isNameBound() || rm.getInvocable().isInflector()) {
            return null;
        }
        Method method = rm.getInvocable().getHandlingMethod();
        if (!Modifier.isPublic(method.getModifiers()) || !Modifier.isPublic(method.getDeclaringClass().getModifiers())
                || Modifier.isStatic(method.getModifiers())) {
            return null;
        }
        List<MediaType> produces = rm.getProducedTypes();
        if (produces.size() != 1 || produces.get(0).isWildcardType() || produces.get(0).isWildcardSubtype()) {
            return null;
        }
        boolean consumesJson = rm.getConsumedTypes().isEmpty()
                || rm.getConsumedTypes().stream().anyMatch(t -> t.isCompatible(JSON));
        List<Parameter> declared = rm.getInvocable().getParameters();
        Param[] params = new Param[declared.size()];
        boolean readsBody = false;
        for (int i = 0; i < params.length; i++) {
            params[i] = param(declared.get(i), workers);
            if (params[i] == null) {
                return null;
            }
            readsBody |= declared.get(i).getSource() == Source.ENTITY;
        }
        if (readsBody && !consumesJson) {
            return null;
        }
        Type resultType = resultType(method);
        if (resultType == null) {
            return null;
        }
        Class<?> raw = rawClass(resultType);
        // a result of a fixed type must have Jersey's writer now; Response and Object are looked up per answer
        if (raw != Response.class && raw != Object.class && raw != void.class && raw != Void.class
                && workers.getMessageBodyWriter(raw, resultType, method.getDeclaredAnnotations(), produces.get(0)) == null) {
            return null;
        }
        return new FastMethod(method, params, produces.get(0), consumesJson, readsBody, resultType, workers);
    }

    /**
     * Answers the request, or null (before the resource is called) when Jersey must: an Accept or Content-Type
     * header the method's one type does not settle, an empty body, a query or a parameter Jersey would refuse.
     */
    CompletableFuture<HttpResponse> answer(Object replica, String routePrefix, HttpRequest request, MatchResult path,
            List<String> pathNames) {
        Map<String, String> headers = request.headers();
        String accept = headers.get("accept");
        if (accept != null && !accept.equals("*/*") && !accept.equalsIgnoreCase(producedName)) {
            return null;
        }
        String contentType = headers.get("content-type");
        if (contentType != null && !(consumesJson && contentType.equalsIgnoreCase("application/json"))) {
            return null;
        }
        if (!RequestUris.validQuery(request.query())) {
            return null;
        }
        Call call = new Call(request, routePrefix, path, pathNames);
        if (readsBody && (contentType == null || call.body().length == 0)) {
            return null;
        }
        Object[] args = new Object[params.length];
        for (int i = 0; i < args.length; i++) {
            try {
                args[i] = params[i].value(call);
            } catch (IOException | RuntimeException e) {
                // the body could not be read: Jersey maps what its reader threw, and so does this
                return CompletableFuture.completedFuture(error(e, call));
            }
            if (args[i] == TO_JERSEY) {
                return null;
            }
        }
        Object result;
        try {
            result = method.invoke(replica, args);
        } catch (InvocationTargetException e) {
            return CompletableFuture.completedFuture(error(e.getCause(), call));
        } catch (IllegalAccessException | RuntimeException e) {
            return CompletableFuture.completedFuture(error(e, call));
        }
        if (async && result != null) {
            CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
            ((CompletionStage<?>) result).whenComplete((value, failure) ->
                    answer.complete(answered(() -> failure == null ? result(value, call) : error(failure, call))));
            return answer;
        }
        Object returned = result;
        return CompletableFuture.completedFuture(answered(() -> result(returned, call)));
    }

    /**
     * The answer {@code make} gives, or a 500 when it throws even an Error (a retired version's classes, a
     * writer recursing too deep): the request must be answered, or it would hang and keep its concurrency slot.
     */
    private static HttpResponse answered(Supplier<HttpResponse> make) {
        try {
            return make.get();
        } catch (Throwable e) {
            LOG.warn("a REST answer could not be made", e);
            return Errors.json(500, e.getClass().getSimpleName() + ": " + OneLine.of(e));
        }
    }

    private HttpResponse result(Object value, Call call) {
        try {
            if (value instanceof Response response) {
                return response(response, call);
            }
            if (value == null) {
                return Answers.of(204, Map.of(), EMPTY);
            }
            MessageBodyWriter<Object> writer = writers.computeIfAbsent(value.getClass(), c -> writer(c, resultType, produced));
            return Answers.of(200, Map.of("Content-Type", List.of(producedName)), write(writer, value, resultType, produced));
        } catch (IOException | RuntimeException e) {
            return error(e, call);
        }
    }

    /** A Response (the resource's or an exception mapper's): its status, headers, and entity written as Jersey writes it. */
    private HttpResponse response(Response response, Call call) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>(response.getStringHeaders());
        URI location = response.getLocation();
        if (location != null && !location.isAbsolute()) {
            // Jersey makes a relative Location absolute against the application's base URI
            headers.keySet().removeIf(name -> name.equalsIgnoreCase("location"));
            headers.put("Location", List.of(call.base().resolve(location).toString()));
        }
        Object entity = response.getEntity();
        if (entity == null) {
            return Answers.of(response.getStatus(), headers, EMPTY);
        }
        Type type = entity.getClass();
        if (entity instanceof GenericEntity<?> generic) {
            entity = generic.getEntity();
            type = generic.getType();
        }
        MediaType mediaType = response.getMediaType() == null ? produced : response.getMediaType();
        if (response.getMediaType() == null) {
            headers.put("Content-Type", List.of(producedName));
        }
        byte[] body = write(writer(entity.getClass(), type, mediaType), entity, type, mediaType);
        return Answers.of(response.getStatus(), headers, body);
    }

    private HttpResponse error(Throwable failure, Call call) {
        try {
            return response(ErrorMappers.map(failure), call);
        } catch (IOException | RuntimeException e) {
            return Errors.json(500, "the error answer cannot be written: " + OneLine.of(e));
        }
    }

    @SuppressWarnings("unchecked")
    private MessageBodyWriter<Object> writer(Class<?> raw, Type type, MediaType mediaType) {
        Type generic = rawClass(type).isAssignableFrom(raw) ? type : raw;
        MessageBodyWriter<Object> writer = (MessageBodyWriter<Object>) workers.getMessageBodyWriter(raw, generic, annotations, mediaType);
        if (writer == null) {
            throw new IllegalStateException("no MessageBodyWriter for " + raw.getName() + " as " + mediaType);
        }
        return writer;
    }

    private byte[] write(MessageBodyWriter<Object> writer, Object entity, Type type, MediaType mediaType) throws IOException {
        if (entity instanceof String text && writer.getClass().getName().equals(JERSEY_STRING_WRITER)) {
            // the bytes Jersey's String writer makes, without the 8 KB encoder buffer it takes per answer
            return text.getBytes(ReaderWriter.getCharset(mediaType));
        }
        Type generic = rawClass(type).isAssignableFrom(entity.getClass()) ? type : entity.getClass();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        writer.writeTo(entity, entity.getClass(), generic, annotations, mediaType, new MultivaluedHashMap<>(), out);
        return out.toByteArray();
    }

    /** The result's entity type as Jersey sees it: a CompletionStage's value type; null for a stage of unknown type. */
    private static Type resultType(Method method) {
        Type declared = method.getGenericReturnType();
        if (!CompletionStage.class.isAssignableFrom(method.getReturnType())) {
            return declared;
        }
        if (declared instanceof ParameterizedType p && p.getActualTypeArguments().length == 1
                && (p.getRawType() == CompletionStage.class || p.getRawType() == CompletableFuture.class)) {
            Type value = p.getActualTypeArguments()[0];
            return value instanceof Class<?> || value instanceof ParameterizedType ? value : null;
        }
        return null;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    /** One parameter's value from a request; null from {@link #param} when the fast path does not take it. */
    private interface Param {
        Object value(Call call) throws IOException;
    }

    private static Param param(Parameter p, MessageBodyWorkers workers) {
        if (p.isEncoded()) {
            return null;
        }
        Source source = p.getSource();
        if (source == Source.ENTITY) {
            @SuppressWarnings("unchecked")
            MessageBodyReader<Object> reader = (MessageBodyReader<Object>) workers.getMessageBodyReader(p.getRawType(),
                    p.getType(), p.getAnnotations(), JSON);
            if (reader == null) {
                return null;
            }
            Class<Object> raw = (Class<Object>) p.getRawType();
            Type type = p.getType();
            Annotation[] annotations = p.getAnnotations();
            return call -> reader.readFrom(raw, type, annotations, JSON, new MultivaluedHashMap<>(),
                    new ByteArrayInputStream(call.body()));
        }
        Converter converter = Converter.of(p.getRawType());
        if (converter == null) {
            return null;
        }
        String name = p.getSourceName();
        String fallback = p.getDefaultValue();
        return switch (source) {
            case PATH -> call -> converter.convert(call.pathValue(name), fallback);
            case QUERY -> call -> converter.convert(call.query().getFirst(name), fallback);
            case HEADER -> {
                String lower = name.toLowerCase(Locale.ROOT);
                yield call -> converter.convert(call.request.headers().get(lower), fallback);
            }
            default -> null;
        };
    }

    /** A path, query or header value to the parameter's type, as Jersey converts it for the types it covers. */
    private enum Converter {
        STRING, INT, INTEGER, LONG, LONG_BOXED;

        static Converter of(Class<?> type) {
            if (type == String.class) {
                return STRING;
            }
            if (type == int.class) {
                return INT;
            }
            if (type == Integer.class) {
                return INTEGER;
            }
            if (type == long.class) {
                return LONG;
            }
            return type == Long.class ? LONG_BOXED : null;
        }

        Object convert(String value, String fallback) {
            String given = value == null ? fallback : value;
            if (this == STRING) {
                return given;
            }
            if (given == null) {
                return this == INT ? (Object) 0 : this == LONG ? (Object) 0L : null;
            }
            // Jersey's conversion errors (404 or 400, its own message) and its handling of blanks stay Jersey's
            if (given.isEmpty() || !given.strip().equals(given)) {
                return TO_JERSEY;
            }
            try {
                return this == INT || this == INTEGER ? (Object) Integer.valueOf(given) : (Object) Long.valueOf(given);
            } catch (NumberFormatException e) {
                return TO_JERSEY;
            }
        }
    }

    /** What the parameters of one request read, each part computed when first asked for. */
    private static final class Call {
        final HttpRequest request;
        private final String routePrefix;
        private final MatchResult path;
        private final List<String> pathNames;
        private byte[] body;
        private MultivaluedMap<String, String> query;

        Call(HttpRequest request, String routePrefix, MatchResult path, List<String> pathNames) {
            this.request = request;
            this.routePrefix = routePrefix;
            this.path = path;
            this.pathNames = pathNames;
        }

        byte[] body() {
            if (body == null) {
                body = request.body();
            }
            return body;
        }

        String pathValue(String name) {
            // the last group of a name wins, as in Jersey's path parameters
            for (int i = pathNames.size() - 1; i >= 0; i--) {
                if (pathNames.get(i).equals(name)) {
                    return UriComponent.decode(path.group(i + 1), UriComponent.Type.PATH);
                }
            }
            return null;
        }

        MultivaluedMap<String, String> query() {
            if (query == null) {
                query = UriComponent.decodeQuery(request.query(), true);
            }
            return query;
        }

        URI base() {
            return RequestUris.base(request.scheme(), request.headers().get("host"), routePrefix);
        }
    }
}
