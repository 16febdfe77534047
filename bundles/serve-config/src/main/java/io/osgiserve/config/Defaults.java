package io.osgiserve.config;

/** The value of every option that the user did not write (Ray Serve 2.0's defaults). */
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

    /** The largest document accepted, in bytes (1 MiB); the agent answers 413 past it. */
    public static final int MAX_DOCUMENT_BYTES = 1 << 20;

    private Defaults() {
    }
}
