package io.osgiserve.runtime.osgi;

import io.osgiserve.runtime.controller.DeploymentHost;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * One deployment: a component instance per factory configuration
 * {@code serve.deployment~<app>.<deployment>}, holding the deployment's effective options and its
 * {@code user_config} as JSON text. The node writes it on every deploy (marked with its generation);
 * a change an operator makes ({@code config:property-set}, {@code config:edit}, a {@code .cfg} file)
 * arrives here through {@code @Modified} and becomes a deploy. Nothing slow runs on SCR's thread:
 * the controller's loop takes it from here.
 */
@Component(name = DeploymentComponent.PID, configurationPid = DeploymentComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
public final class DeploymentComponent {
    public static final String PID = "serve.deployment";

    private final DeploymentHost host;
    private final String app;
    private final String deployment;

    @Activate
    public DeploymentComponent(@Reference DeploymentHost host, Map<String, Object> properties) {
        this.host = host;
        this.app = String.valueOf(properties.get("serve.app"));
        this.deployment = String.valueOf(properties.get("serve.deployment"));
        host.configured(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        host.configured(properties);
    }

    @Deactivate
    void deactivate() {
        host.removed(app, deployment);
    }
}
