package io.osgiserve.runtime.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osgiserve.config.AutoscalingConfig;
import io.osgiserve.config.ConfigDocument;
import org.junit.jupiter.api.Test;

class AutoscalerTest {
    private static final long S = 1_000_000_000L;

    private static AutoscalingConfig config(String fields) throws Exception {
        return ConfigDocument.parseYaml("import_path: a.b\ndeployments:\n- name: D\n  autoscaling_config: {" + fields + "}\n")
                .config().deployments().get(0).autoscalingConfig().orElseThrow();
    }

    /** In the multi-application form, where downscale_to_zero_delay_s is written. */
    private static AutoscalingConfig current(String fields) throws Exception {
        return ConfigDocument.parseYaml("applications:\n- name: a\n  import_path: a.b\n  deployments:\n  - name: D\n"
                + "    autoscaling_config: {" + fields + "}\n")
                .applications().get(0).deployments().get(0).autoscalingConfig().orElseThrow();
    }

    @Test
    void loadAboveTargetScalesUpToTheRuleClampedToMax() throws Exception {
        AutoscalingConfig c = config("min_replicas: 1, max_replicas: 5, upscale_delay_s: 0, look_back_period_s: 1");
        // 2 replicas holding 6 requests: 3 per replica against a target of 1 -> ceil(2 * 3) = 6 -> max 5
        assertEquals(5, new Autoscaler().step(c, 2, 6, 0));
    }

    @Test
    void smoothingFactorDampensTheStep() throws Exception {
        AutoscalingConfig c = config("max_replicas: 10, upscale_delay_s: 0, smoothing_factor: 0.5");
        // 2 replicas, 3 per replica: ceil(2 * (1 + (3 - 1) * 0.5)) = 4
        assertEquals(4, new Autoscaler().step(c, 2, 6, 0));
    }

    @Test
    void upscalingAndDownscalingFactorsEachActInTheirOwnDirection() throws Exception {
        AutoscalingConfig c = current("max_replicas: 20, upscale_delay_s: 0, downscale_delay_s: 0,"
                + " target_ongoing_requests: 1, upscaling_factor: 0.5, downscaling_factor: 0.25");
        // up: 4 replicas, 3 per replica: ceil(4 * (1 + (3 - 1) * 0.5)) = 8
        assertEquals(8, new Autoscaler().step(c, 4, 12, 0));
        // down: 8 replicas, 0.5 per replica: ceil(8 * (1 + (0.5 - 1) * 0.25)) = 7
        assertEquals(7, new Autoscaler().step(c, 8, 4, 0));
    }

    @Test
    void aDownscaleTheFactorWouldRoundBackToTheSameCountDropsOneReplica() throws Exception {
        AutoscalingConfig c = current("max_replicas: 20, downscale_delay_s: 0, target_ongoing_requests: 1,"
                + " downscaling_factor: 0.1");
        // 3 replicas at 0.5 each: ceil(3 * 0.95) = 3, but the load alone asks for ceil(1.5) = 2
        assertEquals(2, new Autoscaler().step(c, 3, 1.5, 0));
    }

    @Test
    void theAggregationFunctionChoosesHowTheWindowsSamplesCount() throws Exception {
        String fields = "max_replicas: 20, upscale_delay_s: 0, downscale_delay_s: 0, target_ongoing_requests: 1,"
                + " look_back_period_s: 10, aggregation_function: ";
        int[] decided = new int[3];
        String[] functions = {"mean", "max", "min"};
        for (int i = 0; i < 3; i++) {
            AutoscalingConfig c = current(fields + functions[i]);
            Autoscaler a = new Autoscaler();
            a.step(c, 2, 2, 0);
            a.step(c, 2, 2, S);
            decided[i] = a.step(c, 2, 8, 2 * S); // samples 2, 2, 8 on 2 replicas
        }
        assertEquals(4, decided[0]); // mean 4 -> 2 per replica -> 4
        assertEquals(8, decided[1]); // max 8 -> 4 per replica -> 8
        assertEquals(2, decided[2]); // min 2 -> 1 per replica -> stays 2
    }

    @Test
    void withoutLoadTheDownscalingFactorStillStepsAndOneReplicaStillReachesZero() throws Exception {
        AutoscalingConfig c = current("min_replicas: 0, max_replicas: 20, downscale_delay_s: 0,"
                + " downscale_to_zero_delay_s: 0, downscaling_factor: 0.25");
        // 8 idle replicas: ceil(8 * (1 - 0.25)) = 6, not straight to the minimum
        assertEquals(6, new Autoscaler().step(c, 8, 0, 0));
        // 1 idle replica: ceil(1 * 0.75) = 1 would hold it; the load asks for none, so it goes
        assertEquals(0, new Autoscaler().step(c, 1, 0, 0));
    }

    @Test
    void aDecisionActsOnlyAfterItHeldForTheUpscaleDelay() throws Exception {
        AutoscalingConfig c = config("max_replicas: 4, upscale_delay_s: 30");
        Autoscaler a = new Autoscaler();
        assertEquals(1, a.step(c, 1, 4, 0));
        assertEquals(1, a.step(c, 1, 4, 29 * S));
        assertEquals(4, a.step(c, 1, 4, 30 * S));
    }

    @Test
    void anIdleDeploymentScalesDownToMinAfterTheDownscaleDelay() throws Exception {
        AutoscalingConfig c = config("min_replicas: 2, max_replicas: 8, downscale_delay_s: 600, look_back_period_s: 1");
        Autoscaler a = new Autoscaler();
        assertEquals(6, a.step(c, 6, 0, 0));
        assertEquals(6, a.step(c, 6, 0, 599 * S));
        assertEquals(2, a.step(c, 6, 0, 600 * S));
    }

    @Test
    void aDecisionThatFlipsRestartsItsDelay() throws Exception {
        AutoscalingConfig c = config("max_replicas: 4, upscale_delay_s: 10, look_back_period_s: 0.5");
        Autoscaler a = new Autoscaler();
        assertEquals(2, a.step(c, 2, 8, 0));
        assertEquals(2, a.step(c, 2, 2, 5 * S));
        assertEquals(2, a.step(c, 2, 8, 6 * S));
        assertEquals(2, a.step(c, 2, 8, 15 * S));
        assertEquals(4, a.step(c, 2, 8, 16 * S));
    }

    @Test
    void zeroReplicasWithWaitingRequestsGoToOne() throws Exception {
        AutoscalingConfig c = config("min_replicas: 0, max_replicas: 3, upscale_delay_s: 0");
        assertEquals(1, new Autoscaler().step(c, 0, 2, 0));
        assertEquals(0, new Autoscaler().step(c, 0, 0, 0));
    }

    @Test
    void oneIdleReplicaGoesToZeroAfterTheDownscaleToZeroDelay() throws Exception {
        AutoscalingConfig c = current("min_replicas: 0, max_replicas: 3, downscale_delay_s: 600,"
                + " downscale_to_zero_delay_s: 30, look_back_period_s: 1");
        Autoscaler a = new Autoscaler();
        assertEquals(1, a.step(c, 1, 0, 0));
        assertEquals(1, a.step(c, 1, 0, 29 * S));
        assertEquals(0, a.step(c, 1, 0, 30 * S));
    }

    @Test
    void withoutADownscaleToZeroDelayGoingToZeroWaitsTheDownscaleDelay() throws Exception {
        AutoscalingConfig c = config("min_replicas: 0, max_replicas: 3, downscale_delay_s: 20, look_back_period_s: 1");
        Autoscaler a = new Autoscaler();
        assertEquals(1, a.step(c, 1, 0, 0));
        assertEquals(1, a.step(c, 1, 0, 19 * S));
        assertEquals(0, a.step(c, 1, 0, 20 * S));
    }

    @Test
    void severalIdleReplicasGoToOneFirstThenToZeroAfterItsOwnDelay() throws Exception {
        AutoscalingConfig c = current("min_replicas: 0, max_replicas: 3, downscale_delay_s: 10,"
                + " downscale_to_zero_delay_s: 30, look_back_period_s: 1");
        Autoscaler a = new Autoscaler();
        assertEquals(3, a.step(c, 3, 0, 0));
        assertEquals(1, a.step(c, 3, 0, 10 * S));
        assertEquals(1, a.step(c, 1, 0, 11 * S));
        assertEquals(1, a.step(c, 1, 0, 40 * S));
        assertEquals(0, a.step(c, 1, 0, 41 * S));
    }

    @Test
    void aRequestWaitingAtZeroReplicasScalesUpAtOnceWhateverTheUpscaleDelay() throws Exception {
        AutoscalingConfig c = config("min_replicas: 0, max_replicas: 3, upscale_delay_s: 30, look_back_period_s: 1");
        Autoscaler a = new Autoscaler();
        assertEquals(0, a.step(c, 0, 0, 0));
        assertEquals(1, a.step(c, 0, 1, 1));
    }

    @Test
    void loadAtOneReplicaKeepsItFromGoingToZero() throws Exception {
        AutoscalingConfig c = config("min_replicas: 0, max_replicas: 3, downscale_delay_s: 0, look_back_period_s: 1");
        Autoscaler a = new Autoscaler();
        assertEquals(1, a.step(c, 1, 0.5, 0));
        assertEquals(1, a.step(c, 1, 0.5, 60 * S));
    }
}
