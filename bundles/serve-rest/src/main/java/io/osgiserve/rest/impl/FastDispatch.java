package io.osgiserve.rest.impl;

import io.osgiserve.api.HttpRequest;
import io.osgiserve.api.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.MatchResult;
import org.glassfish.jersey.message.MessageBodyWorkers;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.uri.PathPattern;
import org.glassfish.jersey.uri.PathTemplate;

/**
 * The resource methods of one resource class that are answered without Jersey's pipeline, decided once
 * per version from Jersey's own model of the class. A request is taken only when exactly one of the
 * class's path templates matches it (so Jersey's precedence rules cannot choose another) and that
 * template has one fast method for the request's HTTP method; everything else (no match, several, 405,
 * HEAD, OPTIONS, a sub-resource locator anywhere in the class) is left to Jersey, which answers it as before.
 */
final class FastDispatch {
    /** No method on the fast path: Jersey answers every request. */
    static final FastDispatch NONE = new FastDispatch(List.of(), 0);

    private final List<Template> templates;
    private final int fastMethods;

    /** One path template of the class (Jersey's matching pattern) and its fast methods by HTTP method. */
    private record Template(PathPattern pattern, List<String> names, Map<String, FastMethod> byMethod) {
    }

    private FastDispatch(List<Template> templates, int fastMethods) {
        this.templates = templates;
        this.fastMethods = fastMethods;
    }

    static FastDispatch of(Class<?> resourceClass, MessageBodyWorkers workers) {
        Resource root = Resource.from(resourceClass);
        if (root.getResourceLocator() != null || root.getChildResources().stream().anyMatch(c -> c.getResourceLocator() != null)) {
            return NONE;
        }
        Map<String, List<ResourceMethod>> byTemplate = new HashMap<>();
        List<String> order = new ArrayList<>();
        add(byTemplate, order, root.getPath(), root.getResourceMethods());
        for (Resource child : root.getChildResources()) {
            add(byTemplate, order, join(root.getPath(), child.getPath()), child.getResourceMethods());
        }
        Map<String, Template> byRegex = new HashMap<>();
        List<Template> templates = new ArrayList<>();
        int fast = 0;
        for (String path : order) {
            PathPattern pattern = new PathPattern(new PathTemplate(path), PathPattern.RightHandPath.capturingZeroSegments);
            if (byRegex.containsKey(pattern.getRegex())) {
                // two spellings of one template: leave it to Jersey rather than guess which it merges
                Map<String, FastMethod> first = byRegex.get(pattern.getRegex()).byMethod();
                fast -= first.size();
                first.clear();
                continue;
            }
            Map<String, FastMethod> byMethod = new HashMap<>();
            Map<String, Integer> count = new HashMap<>();
            for (ResourceMethod rm : byTemplate.get(path)) {
                count.merge(rm.getHttpMethod(), 1, Integer::sum);
            }
            for (ResourceMethod rm : byTemplate.get(path)) {
                // several methods for one HTTP method differ by media types: Jersey's negotiation chooses
                FastMethod method = count.get(rm.getHttpMethod()) == 1 ? FastMethod.of(rm, workers) : null;
                if (method != null) {
                    byMethod.put(rm.getHttpMethod(), method);
                    fast++;
                }
            }
            Template t = new Template(pattern, pattern.getTemplate().getTemplateVariables(), byMethod);
            byRegex.put(pattern.getRegex(), t);
            templates.add(t);
        }
        return new FastDispatch(List.copyOf(templates), fast);
    }

    /** How many resource methods are answered on the fast path. */
    int fastMethods() {
        return fastMethods;
    }

    /** The fast path's answer, or null when Jersey must answer the request. */
    CompletableFuture<HttpResponse> answer(Object replica, String routePrefix, HttpRequest request) {
        if (fastMethods == 0) {
            return null;
        }
        // Jersey matches the path as the client sent it, still encoded
        String path = RequestUris.encode(request.path());
        Template hit = null;
        MatchResult match = null;
        for (Template t : templates) {
            MatchResult m = t.pattern().match(path);
            if (m != null) {
                if (hit != null) {
                    return null;
                }
                hit = t;
                match = m;
            }
        }
        FastMethod method = hit == null ? null : hit.byMethod().get(request.method());
        return method == null ? null : method.answer(replica, routePrefix, request, match, hit.names());
    }

    private static void add(Map<String, List<ResourceMethod>> byTemplate, List<String> order, String path, List<ResourceMethod> methods) {
        if (methods.isEmpty()) {
            return;
        }
        if (!byTemplate.containsKey(path)) {
            order.add(path);
        }
        byTemplate.computeIfAbsent(path, p -> new ArrayList<>()).addAll(methods);
    }

    private static String join(String parent, String child) {
        String left = parent.endsWith("/") ? parent.substring(0, parent.length() - 1) : parent;
        String right = child.startsWith("/") ? child.substring(1) : child;
        return left + "/" + right;
    }
}
