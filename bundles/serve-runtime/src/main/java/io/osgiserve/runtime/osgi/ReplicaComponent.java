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
 * A changed user_config arrives in {@link #modified} (no re-activation); a replaced replica is a new
 * configuration. The work happens off SCR's thread, in the controller's replica executors.
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

    @Modified
    void modified(Map<String, Object> properties) {
        host.modified(ReplicaConfig.fromProperties(properties));
    }

    @Deactivate
    void deactivate() {
        host.detach(replicaId);
    }
}
