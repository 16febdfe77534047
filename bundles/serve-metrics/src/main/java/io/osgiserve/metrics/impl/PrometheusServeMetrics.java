package io.osgiserve.metrics.impl;

import static io.osgiserve.metrics.impl.MetricNames.*;

import io.osgiserve.metrics.DeploymentMetrics;
import io.osgiserve.metrics.HttpRouteMetrics;
import io.osgiserve.metrics.ReplicaMetrics;
import io.osgiserve.metrics.RouterMetrics;
import io.osgiserve.metrics.ServeMetrics;
import io.osgiserve.metrics.Statuses;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;

/** The metrics in a Prometheus registry of their own (so two nodes in one JVM, or two tests, never share counts). */
public final class PrometheusServeMetrics implements ServeMetrics {

    private static final double NANOS_PER_MILLI = 1_000_000.0;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    final Counter httpRequests = counter(HTTP_REQUESTS, "HTTP requests answered by the ingress.",
            ROUTE, METHOD, APPLICATION, STATUS_CODE);
    final Counter httpErrors = counter(HTTP_ERRORS, "HTTP requests the ingress answered with a status of 400 or more.",
            ROUTE, ERROR_CODE, METHOD, APPLICATION);
    final MillisHistogram httpLatency = histogram(HTTP_LATENCY, "Time from an HTTP request's arrival to its answer, in ms.",
            LATENCY_BUCKETS_MS, METHOD, ROUTE, APPLICATION, STATUS_CODE);
    private final InFlightGauge.Series httpOngoing =
            inFlight(HTTP_ONGOING, "HTTP requests the ingress is answering now.").labelValues();

    final Counter replicaRequests = counter(REPLICA_REQUESTS, "Requests a replica processed.",
            DEPLOYMENT, REPLICA, APPLICATION);
    final Counter replicaErrors = counter(REPLICA_ERRORS, "Requests whose processing in a replica failed.",
            DEPLOYMENT, REPLICA, APPLICATION);
    final MillisHistogram replicaLatency = histogram(REPLICA_LATENCY, "Time a replica took to process a request, in ms.",
            LATENCY_BUCKETS_MS, DEPLOYMENT, REPLICA, APPLICATION);
    final InFlightGauge replicaProcessing = inFlight(REPLICA_PROCESSING, "Requests a replica is processing now.",
            DEPLOYMENT, REPLICA, APPLICATION);
    final Counter replicaStarts = counter(REPLICA_STARTS, "Times a replica started.",
            DEPLOYMENT, REPLICA, APPLICATION);

    final InFlightGauge routerQueued = inFlight(ROUTER_QUEUED, "Requests waiting in a deployment's router for a free replica.",
            DEPLOYMENT, APPLICATION);
    final Counter routerRequests = counter(ROUTER_REQUESTS, "Requests given to a deployment's router.",
            DEPLOYMENT, APPLICATION);

    final Gauge replicaHealthy = gauge(REPLICA_HEALTHY, "Whether a replica is healthy: 1 healthy, 0 unhealthy.",
            DEPLOYMENT, REPLICA, APPLICATION);
    final Gauge deploymentStatus = gauge(DEPLOYMENT_STATUS,
            "Status of a deployment: " + Statuses.legend(Statuses.DEPLOYMENT) + ".", DEPLOYMENT, APPLICATION);
    private final Gauge applicationStatus = gauge(APPLICATION_STATUS,
            "Status of an application: " + Statuses.legend(Statuses.APPLICATION) + ".", APPLICATION);
    final Gauge autoscalingTarget = gauge(AUTOSCALING_TARGET, "Replicas a deployment is asked to run.",
            DEPLOYMENT, APPLICATION);
    final Counter healthCheckFailures = counter(HEALTH_CHECK_FAILURES, "Health checks of a replica that failed or timed out.",
            DEPLOYMENT, REPLICA, APPLICATION);
    final MillisHistogram startupLatency = histogram(REPLICA_STARTUP_LATENCY,
            "Time from a replica's creation until it was ready to serve, in ms.", STARTUP_BUCKETS_MS,
            DEPLOYMENT, REPLICA, APPLICATION);
    private final Gauge controlLoop = gauge(CONTROL_LOOP_DURATION, "Duration of the controller's last pass, in seconds.");

    private final Handles<HttpRouteSeries> routes = new Handles<>();
    private final Handles<ReplicaSeries> replicas = new Handles<>();
    private final Handles<RouterSeries> routers = new Handles<>();
    private final Handles<DeploymentSeries> deployments = new Handles<>();

    /** @param jvm whether to export the JVM's metrics (memory, GC, threads, ...) beside the node's */
    public PrometheusServeMetrics(boolean jvm) {
        if (jvm) {
            JvmMetrics.builder().register(registry);
        }
    }

    @Override
    public HttpRouteMetrics httpRoute(String application, String route) {
        HttpRouteSeries known = routes.find(application, route);
        return known != null ? known : routes.add(application, route, new HttpRouteSeries(this, application, route));
    }

    @Override
    public void httpRequestStarted() {
        httpOngoing.inc();
    }

    @Override
    public void httpRequestEnded() {
        httpOngoing.dec();
    }

    @Override
    public ReplicaMetrics replica(String application, String deployment, String replicaId) {
        String name = deployment + '\n' + replicaId;
        ReplicaSeries known = replicas.find(application, name);
        return known != null ? known : replicas.add(application, name, new ReplicaSeries(this, application, deployment, replicaId));
    }

    @Override
    public RouterMetrics router(String application, String deployment) {
        RouterSeries known = routers.find(application, deployment);
        return known != null ? known : routers.add(application, deployment, new RouterSeries(this, application, deployment));
    }

    @Override
    public DeploymentMetrics deployment(String application, String deployment) {
        DeploymentSeries known = deployments.find(application, deployment);
        return known != null ? known : deployments.add(application, deployment, new DeploymentSeries(this, application, deployment));
    }

    @Override
    public void applicationStatus(String application, String status) {
        applicationStatus.labelValues(application).set(Statuses.number(Statuses.APPLICATION, status));
    }

    @Override
    public void applicationRemoved(String application) {
        routes.removeApplication(application).forEach(HttpRouteSeries::close);
        replicas.removeApplication(application).forEach(ReplicaSeries::close);
        routers.removeApplication(application).forEach(RouterSeries::close);
        deployments.removeApplication(application).forEach(DeploymentSeries::close);
        applicationStatus.remove(application);
    }

    @Override
    public void controlLoopDuration(long nanos) {
        controlLoop.set(nanos / 1e9);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    void forget(HttpRouteSeries route) {
        routes.remove(route.application, route.route, route);
    }

    void forget(ReplicaSeries replica) {
        replicas.remove(replica.application, replica.deployment + '\n' + replica.replica, replica);
    }

    void forget(RouterSeries router) {
        routers.remove(router.application, router.deployment, router);
    }

    void forget(DeploymentSeries deployment) {
        deployments.remove(deployment.application, deployment.deployment, deployment);
    }

    static double millis(long nanos) {
        return nanos / NANOS_PER_MILLI;
    }

    // Exemplars are off: sampling them costs time on every observation, and nothing here traces requests.
    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(registry);
    }

    private Gauge gauge(String name, String help, String... labels) {
        return Gauge.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(registry);
    }

    private InFlightGauge inFlight(String name, String help, String... labels) {
        InFlightGauge gauge = new InFlightGauge(name, help, labels);
        registry.register(gauge);
        return gauge;
    }

    private MillisHistogram histogram(String name, String help, double[] bucketsMs, String... labels) {
        MillisHistogram histogram = new MillisHistogram(name, help, bucketsMs, labels);
        registry.register(histogram);
        return histogram;
    }
}
