package io.osgiserve.metrics;

import java.util.List;

/**
 * The numbers {@code ray_serve_deployment_status} and {@code ray_serve_application_status} take: a
 * status's position in the reference's list of statuses, -1 for a status not in it. The metrics' help
 * text spells the mapping out, so a dashboard can be written from a scrape alone.
 */
public final class Statuses {

    /** Deployment statuses, in the reference's order: UPDATING is 0, DOWNSCALING 5. */
    public static final List<String> DEPLOYMENT =
            List.of("UPDATING", "HEALTHY", "UNHEALTHY", "DEPLOY_FAILED", "UPSCALING", "DOWNSCALING");

    /** Application statuses, in the reference's order: NOT_STARTED is 0, DELETING 5. */
    public static final List<String> APPLICATION =
            List.of("NOT_STARTED", "DEPLOYING", "DEPLOY_FAILED", "RUNNING", "UNHEALTHY", "DELETING");

    private Statuses() {}

    /** The number of {@code status} in {@code statuses}, -1 when it is not there. */
    public static int number(List<String> statuses, String status) {
        return statuses.indexOf(status);
    }

    /** "0=UPDATING, 1=HEALTHY, ...": the mapping as the help text gives it. */
    public static String legend(List<String> statuses) {
        StringBuilder legend = new StringBuilder();
        for (int i = 0; i < statuses.size(); i++) {
            legend.append(i == 0 ? "" : ", ").append(i).append('=').append(statuses.get(i));
        }
        return legend.append(", -1=unknown").toString();
    }
}
