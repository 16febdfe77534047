package io.osgiserve.cli.verbs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code serve status} in current Ray's shape, made from the details document of
 * {@code GET /api/serve/applications/}: {@code proxies} (node id: status), {@code applications} (each with
 * status, message, last_deployed_time_s and its deployments' status, status_trigger, replica_states,
 * message) and {@code target_capacity}; top-level keys are printed with a blank line between them.
 */
final class ApplicationsStatusText {

    private ApplicationsStatusText() {
    }

    /** The status document of {@code details}. */
    static Map<String, Object> of(Map<String, Object> details) {
        Map<String, Object> proxies = new LinkedHashMap<>();
        map(details.get("proxies")).forEach((node, proxy) -> proxies.put(String.valueOf(node), map(proxy).get("status")));
        Map<String, Object> applications = new LinkedHashMap<>();
        map(details.get("applications")).forEach((name, app) -> applications.put(String.valueOf(name), application(map(app))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("proxies", proxies);
        out.put("applications", applications);
        out.put("target_capacity", details.get("target_capacity"));
        return out;
    }

    /** The YAML text: each top-level key its own block, a blank line between them, as Ray prints it. */
    static String text(Map<String, Object> status) {
        List<String> blocks = new ArrayList<>();
        status.forEach((key, value) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put(key, value);
            blocks.add(Verbs.strip(YamlText.of(one)));
        });
        return String.join(System.lineSeparator() + System.lineSeparator(), blocks);
    }

    private static Map<String, Object> application(Map<?, ?> app) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", app.get("status"));
        out.put("message", app.get("message"));
        out.put("last_deployed_time_s", app.get("last_deployed_time_s"));
        Map<String, Object> deployments = new LinkedHashMap<>();
        map(app.get("deployments")).forEach((name, d) -> deployments.put(String.valueOf(name), deployment(map(d))));
        out.put("deployments", deployments);
        return out;
    }

    private static Map<String, Object> deployment(Map<?, ?> deployment) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", deployment.get("status"));
        out.put("status_trigger", deployment.get("status_trigger"));
        // how many replicas are in each state, in the order the states first appear
        Map<String, Object> states = new LinkedHashMap<>();
        if (deployment.get("replicas") instanceof List<?> replicas) {
            for (Object replica : replicas) {
                states.merge(String.valueOf(map(replica).get("state")), 1, (a, b) -> (Integer) a + (Integer) b);
            }
        }
        out.put("replica_states", states);
        out.put("message", deployment.get("message"));
        return out;
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }
}
