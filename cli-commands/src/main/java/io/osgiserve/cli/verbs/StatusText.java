package io.osgiserve.cli.verbs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status document in the seed's shape: {@code app_status} (status, message, deployment_timestamp)
 * then {@code deployment_statuses} (name, status, message each). Keys the agent adds beyond these are
 * kept, after them.
 */
final class StatusText {
    private static final List<String> TOP = List.of("app_status", "deployment_statuses");
    private static final List<String> APP = List.of("status", "message", "deployment_timestamp");
    private static final List<String> DEPLOYMENT = List.of("name", "status", "message");

    private StatusText() {
    }

    static Map<String, Object> ordered(Map<String, Object> status) {
        Map<String, Object> out = ordered(status, TOP);
        if (out.get("app_status") instanceof Map<?, ?> app) {
            out.put("app_status", ordered(app, APP));
        }
        if (out.get("deployment_statuses") instanceof List<?> list) {
            List<Object> deployments = new ArrayList<>();
            for (Object item : list) {
                deployments.add(item instanceof Map<?, ?> m ? ordered(m, DEPLOYMENT) : item);
            }
            out.put("deployment_statuses", deployments);
        }
        return out;
    }

    private static Map<String, Object> ordered(Map<?, ?> in, List<String> first) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : first) {
            if (in.containsKey(key)) {
                out.put(key, in.get(key));
            }
        }
        in.forEach((k, v) -> out.putIfAbsent(String.valueOf(k), v));
        return out;
    }
}
