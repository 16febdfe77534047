package io.osgiserve.config.impl;

import io.osgiserve.config.FieldError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fields of current Ray's config that this node does not act on (yet), in one place. Such a field is
 * accepted only with a value that asks for nothing (its default, or a value that means the same here);
 * anything else is refused with the field's path and why, never silently ignored (ray-project/ray#35603).
 * When the runtime learns to act on a field, its entry goes.
 *
 * <p>Keys are schema paths: {@code http_options.root_path}, {@code application.logging_config.log_level},
 * {@code deployment.max_replicas_per_node}, {@code autoscaling_config.policy}.
 */
public final class NotActedOn {

    private record Rule(List<Object> accepted, String why) {
    }

    private static final String GRPC = "this node serves HTTP only, no gRPC";
    private static final String LOGS = "replicas log to the node's log; its level is set in the node's logging configuration";
    private static final String PLACEMENT = "replicas run in the node's JVM, not in placement groups";
    private static final String NOT_YET = "the node does not support it yet";

    private static final Map<String, Rule> RULES = Map.ofEntries(
            rule("proxy_location", "the node always runs its HTTP ingress", "EveryNode", "HeadOnly"),
            rule("target_capacity", NOT_YET, null, 100),
            rule("http_options.root_path", NOT_YET, ""),
            rule("http_options.request_timeout_s", NOT_YET, (Object) null),
            rule("http_options.keep_alive_timeout_s", NOT_YET, 90),
            rule("http_options.ssl_keyfile", "the ingress serves plain HTTP", (Object) null),
            rule("http_options.ssl_certfile", "the ingress serves plain HTTP", (Object) null),
            rule("http_options.ssl_keyfile_password", "the ingress serves plain HTTP", (Object) null),
            rule("http_options.ssl_ca_certs", "the ingress serves plain HTTP", (Object) null),
            rule("grpc_options.port", GRPC, 9000),
            rule("grpc_options.grpc_servicer_functions", GRPC, List.of()),
            rule("grpc_options.request_timeout_s", GRPC, (Object) null),
            rule("logging_config.encoding", LOGS, "TEXT"),
            rule("logging_config.log_level", LOGS, "INFO", 20),
            rule("logging_config.logs_dir", LOGS, (Object) null),
            rule("logging_config.additional_log_standard_attrs", LOGS, List.of()),
            rule("application.external_scaler_enabled", NOT_YET, false),
            rule("application.autoscaling_policy", NOT_YET, (Object) null),
            rule("deployment.max_replicas_per_node", PLACEMENT, (Object) null),
            rule("deployment.placement_group_bundles", PLACEMENT, (Object) null),
            rule("deployment.placement_group_strategy", PLACEMENT, (Object) null),
            rule("deployment.request_router_config", "the node routes to the least loaded of two replicas", (Object) null),
            rule("autoscaling_config.policy", "the node's autoscaler is Ray's default policy", (Object) null));

    private NotActedOn() {
    }

    private static Map.Entry<String, Rule> rule(String key, String why, Object... accepted) {
        return Map.entry(key, new Rule(Collections.unmodifiableList(new ArrayList<>(Arrays.asList(accepted))), why));
    }

    /**
     * Adds an error when {@code key} is a field the node does not act on and {@code value} asks for
     * something; {@code path} is where the field is in the document.
     */
    static void check(String key, String path, Object value, List<FieldError> errors) {
        Rule rule = RULES.get(key);
        if (rule == null || rule.accepted().stream().anyMatch(a -> Values.sameValue(a, value))) {
            return;
        }
        String accepted = rule.accepted().stream().map(NotActedOn::show).collect(Collectors.joining(" or "));
        errors.add(new FieldError(path, "is not acted on by this node (" + rule.why() + "); remove it or write "
                + accepted + " (got " + show(value) + ")"));
    }

    private static String show(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return s.isEmpty() ? "\"\"" : s;
        }
        if (value instanceof List<?> list && list.isEmpty()) {
            return "[]";
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            return Values.describe(value);
        }
        return String.valueOf(value);
    }
}
