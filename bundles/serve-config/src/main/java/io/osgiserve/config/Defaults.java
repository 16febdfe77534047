package io.osgiserve.config;

/**
 * The value of every option that the user did not write. The unmarked ones are Ray Serve 2.0's and hold in
 * both forms unless a {@code MULTI_APP_} constant says otherwise for the multi-application form.
 */
public final class Defaults {

    public static final String HOST = "0.0.0.0";
    public static final int PORT = 8000;

    public static final int NUM_REPLICAS = 1;
    public static final int MAX_CONCURRENT_QUERIES = 100;
    public static final double GRACEFUL_SHUTDOWN_WAIT_LOOP_S = 2.0;
    public static final double GRACEFUL_SHUTDOWN_TIMEOUT_S = 20.0;
    public static final double HEALTH_CHECK_PERIOD_S = 10.0;
    public static final double HEALTH_CHECK_TIMEOUT_S = 30.0;

    public static final int MIN_REPLICAS = 1;
    public static final int MAX_REPLICAS = 1;
    public static final double TARGET_NUM_ONGOING_REQUESTS_PER_REPLICA = 1.0;
    public static final double METRICS_INTERVAL_S = 10.0;
    public static final double LOOK_BACK_PERIOD_S = 30.0;
    public static final double SMOOTHING_FACTOR = 1.0;
    public static final double UPSCALE_DELAY_S = 30.0;
    public static final double DOWNSCALE_DELAY_S = 600.0;

    /** The name of the one application of a 2.0-form config, and of an application that writes none. */
    public static final String APP_NAME = "default";
    /** An application's route prefix when it writes none (multi-application form). */
    public static final String APP_ROUTE_PREFIX = "/";

    public static final int MULTI_APP_MAX_ONGOING_REQUESTS = 5;
    /** -1: no limit of its own (here: the node's limit, serve.max_queued_requests). */
    public static final int MAX_QUEUED_REQUESTS = -1;
    public static final double MULTI_APP_ROLLING_UPDATE_PERCENTAGE = 0.2;
    public static final double MULTI_APP_TARGET_ONGOING_REQUESTS = 2.0;
    /** {@code num_replicas: "auto"}: the autoscaling bounds when the user's autoscaling_config sets none. */
    public static final int AUTO_MIN_REPLICAS = 1;
    public static final int AUTO_MAX_REPLICAS = 100;
    public static final String AGGREGATION_FUNCTION = "mean";

    public static final String PROXY_LOCATION = "EveryNode";
    public static final String ROOT_PATH = "";
    public static final int KEEP_ALIVE_TIMEOUT_S = 90;

    /** The most applications one document may hold. */
    public static final int MAX_APPLICATIONS = 100;

    /** The largest document accepted, in bytes (1 MiB); the agent answers 413 past it. */
    public static final int MAX_DOCUMENT_BYTES = 1 << 20;

    private Defaults() {
    }
}
