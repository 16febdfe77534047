package io.osgiserve.runtime.osgi;

import io.osgiserve.runtime.controller.ReplicaConfig;
import io.osgiserve.runtime.controller.ReplicaHost;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * One replica: a component instance per factory configuration {@code serve.replica~<app>.<deployment>.<id>}.
 * The configuration names the replica and its code and never changes: a replaced replica is a new
 * configuration, and a changed user_config goes from the controller to the replica object directly
 * (no ConfigAdmin round trip, no SCR event). The work happens off SCR's thread, in the controller's
 * replica executors.
 */
@Component(name = ReplicaComponent.PID, configurationPid = ReplicaComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
public final class ReplicaComponent {
    public static final String PID = "serve.replica";

    private final ReplicaHost host;
    private String replicaId;

    @Activate
    public ReplicaComponent(@Reference ReplicaHost host, Map<String, Object> properties) {
        this.host = host;
        ReplicaConfig config = ReplicaConfig.fromProperties(properties);
        this.replicaId = config.replicaId();
        host.attach(config);
    }

    /** Someone edited the configuration by hand: the replica stays as it is (the controller owns it). */
    @Modified
    void modified() {
    }

    @Deactivate
    void deactivate() {
        host.detach(replicaId);
    }
}
