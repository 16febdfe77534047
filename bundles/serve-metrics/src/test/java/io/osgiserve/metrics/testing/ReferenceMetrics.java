package io.osgiserve.metrics.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ray Serve's metric names as its dashboards query them, each with the labels it carries: the one table
 * the tests of a scrape check against (this module's, and the node's in the framework).
 */
public final class ReferenceMetrics {

    /** Each of the reference's metric names (the sample name as scraped) and its labels, sorted. */
    public static final Map<String, List<String>> LABELS = Map.ofEntries(
            Map.entry("ray_serve_num_http_requests_total", List.of("application", "method", "route", "status_code")),
            Map.entry("ray_serve_num_http_error_requests_total", List.of("application", "error_code", "method", "route")),
            Map.entry("ray_serve_http_request_latency_ms_bucket", List.of("application", "le", "method", "route", "status_code")),
            Map.entry("ray_serve_num_ongoing_http_requests", List.of()),
            Map.entry("ray_serve_deployment_request_counter_total", List.of("application", "deployment", "replica")),
            Map.entry("ray_serve_deployment_error_counter_total", List.of("application", "deployment", "replica")),
            Map.entry("ray_serve_deployment_processing_latency_ms_bucket", List.of("application", "deployment", "le", "replica")),
            Map.entry("ray_serve_replica_processing_queries", List.of("application", "deployment", "replica")),
            Map.entry("ray_serve_deployment_replica_starts_total", List.of("application", "deployment", "replica")),
            Map.entry("ray_serve_deployment_queued_queries", List.of("application", "deployment")),
            Map.entry("ray_serve_num_router_requests_total", List.of("application", "deployment")),
            Map.entry("ray_serve_deployment_replica_healthy", List.of("application", "deployment", "replica")),
            Map.entry("ray_serve_deployment_status", List.of("application", "deployment")),
            Map.entry("ray_serve_application_status", List.of("application")),
            Map.entry("ray_serve_autoscaling_target_replicas", List.of("application", "deployment")),
            Map.entry("ray_serve_health_check_failures_total", List.of("application", "deployment", "replica")),
            Map.entry("ray_serve_replica_startup_latency_ms_bucket", List.of("application", "deployment", "le", "replica")),
            Map.entry("ray_serve_controller_control_loop_duration_s", List.of()));

    private static final Pattern LABEL_NAME = Pattern.compile("(\\w+)=\"");

    private ReferenceMetrics() {}

    /** Whether {@code name} is one of the reference's metrics (a histogram by its own name or its buckets'). */
    public static boolean isReferenceName(String name) {
        return LABELS.containsKey(name) || LABELS.containsKey(name + "_bucket");
    }

    /** What is wrong with a scrape: each reference name missing from it, or a sample of one with other labels. */
    public static List<String> problems(String exposition) {
        List<String> problems = new ArrayList<>();
        LABELS.forEach((name, labels) -> {
            List<List<String>> found = labelSets(exposition, name);
            if (found.isEmpty()) {
                problems.add(name + " is not in the scrape");
            }
            for (List<String> set : found) {
                if (!set.equals(labels)) {
                    problems.add(name + " has labels " + set + ", not " + labels);
                }
            }
        });
        return problems;
    }

    /** The label names of each sample of {@code name} in the exposition, each list sorted. */
    public static List<List<String>> labelSets(String exposition, String name) {
        List<List<String>> sets = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{([^}]*)\\})? ").matcher(exposition);
        while (m.find()) {
            TreeSet<String> labels = new TreeSet<>();
            if (m.group(2) != null) {
                Matcher label = LABEL_NAME.matcher(m.group(2));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
            sets.add(List.copyOf(labels));
        }
        return sets;
    }
}
